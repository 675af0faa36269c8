import PHIGuardCore
import PHIGuardCrypto
import Testing

@Suite("Random bytes, constant-time comparison, secrets and encodings")
struct SupportTests {
    @Test("random bytes have the requested length and differ between calls")
    func randomBytes() {
        #expect(SecureRandom.bytes(0).isEmpty)
        let first = SecureRandom.bytes(32)
        #expect(first.count == 32)
        #expect(first != SecureRandom.bytes(32))
    }

    @Test("constant-time equality compares content and treats different lengths as unequal")
    func constantTimeEquals() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equals([UInt8](), [0]))
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
        #expect(ConstantTime.equals("abc".utf8, [0x61, 0x62, 0x63]))
    }

    @Test("secret bytes never print their content and compare by value")
    func secretBytes() {
        let secret = SecretBytes([UInt8](repeating: 0xab, count: 32))
        #expect(String(describing: secret) == "SecretBytes(<redacted>, 32 bytes)")
        #expect(String(reflecting: secret) == "SecretBytes(<redacted>, 32 bytes)")
        #expect(!"\(secret)".contains("ab"))
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("171"))
        #expect(secret == SecretBytes([UInt8](repeating: 0xab, count: 32)))
        #expect(secret != SecretBytes([UInt8](repeating: 0xab, count: 31)))
        #expect(secret != SecretBytes.random(count: 32))
    }

    @Test("appended hex follows what the text already holds and spells every byte as .hex does")
    func appendedHex() {
        var text = Array("prefix:".utf8)
        let bytes = (0...255).map { UInt8($0) }
        bytes.appendHex(to: &text)
        bytes[250...].appendHex(to: &text)
        [UInt8]().appendHex(to: &text)
        #expect(text == Array("prefix:".utf8) + Array(bytes.hex.utf8) + Array("fafbfcfdfeff".utf8))
    }

    @Test("constant-time equality of bytes read in place against an array")
    func inPlaceEquality() {
        let bytes: [UInt8] = [1, 2, 3]
        bytes.withUnsafeBytes { raw in
            #expect(ConstantTime.equals(raw, [1, 2, 3]))
            #expect(!ConstantTime.equals(raw, [1, 2, 4]))
            #expect(!ConstantTime.equals(raw, [1, 2]))
        }
    }

    @Test("hex and base64 round-trip and reject bad text")
    func encodings() throws {
        let bytes: [UInt8] = [0x00, 0x7f, 0x80, 0xff, 0x10]
        #expect(bytes.hex == "007f80ff10")
        #expect(try [UInt8](hex: "007F80fF10") == bytes)
        #expect(throws: PHIGuardError(.invalidInput, "")) { try [UInt8](hex: "abc") }
        #expect(throws: PHIGuardError(.invalidInput, "")) { try [UInt8](hex: "zz") }
        #expect(bytes.base64 == "AH+A/xA=")
        #expect(try [UInt8](base64: "AH+A/xA") == bytes)
        #expect(throws: PHIGuardError(.invalidInput, "")) { try [UInt8](base64: "A*==") }
    }
}
