import Foundation
import Synchronization

/// Random identifiers for records and requests, drawn from the system's cryptographic generator.
public enum Identifier {
    /// A random identifier of `bytes` bytes as lowercase hex (16 bytes gives 32 characters).
    ///
    /// The bytes come from one `arc4random_buf` call, which glibc and Darwin serve from the kernel's generator with
    /// a single system call: one per identifier, where drawing byte by byte cost one call per byte.
    public static func random(bytes: Int = 16) -> String {
        precondition(bytes >= 0, "a negative identifier length")
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(bytes, 1)) { buffer in
            let raw = UnsafeMutableRawBufferPointer(start: buffer.baseAddress, count: bytes)
            if let base = raw.baseAddress, bytes > 0 { arc4random_buf(base, bytes) }
            return hex(UnsafeRawBufferPointer(raw))
        }
    }

    /// A random 16-byte request id as 32 lowercase hex characters, for the per-request path.
    ///
    /// Request ids must be unique and hard to guess, not secret: the bytes come from the same kernel generator as
    /// `random(bytes:)`, drawn 4 KiB at a time and never handed out twice, which saves a system call per request.
    /// Use `random(bytes:)` for anything that guards access.
    public static func requestID() -> String {
        requestIDBytes.draw16 { hex($0) }
    }

    private static let requestIDBytes = RandomBuffer()

    /// Lowercase hex of `bytes`, written straight into the string's storage.
    static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { text in
            for (index, byte) in bytes.enumerated() {
                text[2 * index] = hexDigit(byte >> 4)
                text[2 * index + 1] = hexDigit(byte & 0x0F)
            }
            return bytes.count * 2
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// Whether `text` is acceptable as a caller-supplied request id: 1 to 128 visible ASCII characters.
    public static func isAcceptableRequestID(_ text: String) -> Bool {
        guard (1...128).contains(text.utf8.count) else { return false }
        return text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }
}

/// Kernel randomness drawn in blocks and handed out in 16-byte pieces, each piece once.
///
/// A block is drawn outside the lock: the system call takes about 10 us for 4 KiB on this class of machine, and
/// a thread preempted while holding the lock through it would queue every request thread behind it.
private final class RandomBuffer: Sendable {
    private static let blockSize = 4096
    private let state = Mutex<(bytes: [UInt8], offset: Int)>(([], 0))

    /// Calls `body` with 16 bytes no other caller receives.
    func draw16<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        var piece: (UInt64, UInt64) = (0, 0)
        let taken = state.withLock { state in
            guard state.offset + 16 <= state.bytes.count else { return false }
            Self.copy(from: state.bytes, at: state.offset, into: &piece)
            state.offset += 16
            return true
        }
        if !taken {
            // This thread draws a block, keeps its first piece, and shares the rest unless another thread's
            // fresh block got there first (then this one is dropped: no piece is ever handed out twice).
            var fresh = [UInt8](repeating: 0, count: Self.blockSize)
            fresh.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
            Self.copy(from: fresh, at: 0, into: &piece)
            state.withLock { state in
                if state.offset + 16 > state.bytes.count { state = (fresh, 16) }
            }
        }
        return withUnsafeBytes(of: &piece) { body($0) }
    }

    private static func copy(from bytes: [UInt8], at offset: Int, into piece: inout (UInt64, UInt64)) {
        withUnsafeMutableBytes(of: &piece) { destination in
            bytes.withUnsafeBytes { source in
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + 16]))
            }
        }
    }
}
