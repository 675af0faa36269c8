import Dispatch
import Synchronization
import Testing

@testable import PHIGuardCore

@Suite("Identifiers")
struct IdentifierTests {
    @Test("random identifiers are lowercase hex of twice the byte count", arguments: [0, 1, 8, 16, 33])
    func randomIsHex(bytes: Int) {
        let text = Identifier.random(bytes: bytes)
        #expect(text.utf8.count == bytes * 2)
        #expect(text.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test("request ids are 32 hex characters and never repeat across buffer refills")
    func requestIDsAreUnique() {
        let ids = (0..<1_000).map { _ in Identifier.requestID() }
        #expect(ids.allSatisfy { $0.utf8.count == 32 && $0.allSatisfy { "0123456789abcdef".contains($0) } })
        #expect(Set(ids).count == ids.count)
    }

    @Test("request ids drawn from 8 threads at once, through many refills, never repeat")
    func requestIDsAreUniqueAcrossThreads() {
        let drawn = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let ids = (0..<3_000).map { _ in Identifier.requestID() }
            drawn.withLock { $0 += ids }
        }
        let ids = drawn.withLock { $0 }
        #expect(ids.count == 24_000)
        #expect(Set(ids).count == ids.count)
    }

    @Test("every value below 16 gets its lowercase hex digit")
    func hexDigits() {
        let digits = (0..<16).map { HexDigits.lowercase(UInt8($0)) }
        #expect(String(decoding: digits, as: UTF8.self) == "0123456789abcdef")
    }

    @Test("hex writes every byte value")
    func hexOfEveryByte() {
        let bytes: [UInt8] = [0x00, 0x09, 0x0a, 0x7f, 0x80, 0xff]
        #expect(bytes.withUnsafeBytes { Identifier.hex($0) } == "00090a7f80ff")
    }
}
