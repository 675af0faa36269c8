import Foundation

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
    /// `random(bytes:)`, drawn 4 KiB at a time per thread and never handed out twice, which saves a system call
    /// and a lock per request. Use `random(bytes:)` for anything that guards access.
    public static func requestID() -> String {
        RandomBuffer.draw16 { hex($0) }
    }

    /// Lowercase hex of `bytes`, written straight into the string's storage.
    static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { text in
            for (index, byte) in bytes.enumerated() {
                text[2 * index] = HexDigits.lowercase(byte >> 4)
                text[2 * index + 1] = HexDigits.lowercase(byte & 0x0F)
            }
            return bytes.count * 2
        }
    }

    /// Whether `text` is acceptable as a caller-supplied request id: 1 to 128 visible ASCII characters.
    public static func isAcceptableRequestID(_ text: String) -> Bool {
        guard (1...128).contains(text.utf8.count) else { return false }
        return text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }
}

/// Kernel randomness drawn in 4 KiB blocks, one block per thread, handed out in 16-byte pieces, each piece once.
///
/// Each thread owns its block (POSIX thread-specific data), so drawing takes no lock: a shared block behind a
/// mutex had request threads queue behind whichever one was descheduled while holding it. A block is released
/// when its thread exits.
private enum RandomBuffer {
    private static let blockSize = 4096

    private final class Block {
        var bytes = [UInt8](repeating: 0, count: RandomBuffer.blockSize)
        var offset = RandomBuffer.blockSize
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { block in
            if let block { Unmanaged<Block>.fromOpaque(block).release() }
        }
        precondition(status == 0, "pthread_key_create failed with \(status)")
        return key
    }()

    /// Calls `body` with 16 bytes no other caller receives.
    static func draw16<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        let block: Block
        if let stored = pthread_getspecific(key) {
            block = Unmanaged<Block>.fromOpaque(stored).takeUnretainedValue()
        } else {
            block = Block()
            pthread_setspecific(key, Unmanaged.passRetained(block).toOpaque())
        }
        if block.offset + 16 > blockSize {
            block.bytes.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
            block.offset = 0
        }
        defer { block.offset += 16 }
        return block.bytes.withUnsafeBytes {
            body(UnsafeRawBufferPointer(rebasing: $0[block.offset..<block.offset + 16]))
        }
    }
}
