internal import COpenSSL
import PHIGuardCore

/// The one door to libcrypto. Every C call of the module lives in this folder, behind functions that take and
/// return Swift buffers, so the rest of PHIGuardCrypto never holds a C pointer.
enum OpenSSL {
    /// Returns a crypto error and clears the thread's OpenSSL error queue, so a stale entry is never blamed on a
    /// later, unrelated call.
    static func failure(_ reason: String, fileID: String = #fileID, line: Int = #line) -> PHIGuardError {
        ERR_clear_error()
        return PHIGuardError(.crypto, reason, fileID: fileID, line: line)
    }

    /// Throws `failure(reason)` unless `result` is OpenSSL's success value, 1.
    static func check(_ result: Int32, _ reason: String, fileID: String = #fileID, line: Int = #line) throws {
        guard result == 1 else { throw failure(reason, fileID: fileID, line: line) }
    }

    /// Stops the process when a call that only fails on exhausted memory or a broken libcrypto install fails:
    /// callers of hashing and randomness cannot do anything useful with such an error.
    static func require(_ result: Int32, _ message: StaticString) {
        guard result == 1 else { fatalError("OpenSSL: \(message)") }
    }

    /// A valid address for an empty buffer: some OpenSSL functions treat a null pointer differently from an empty
    /// input even when the length is zero.
    static func address(of buffer: UnsafeRawBufferPointer) -> UnsafeRawPointer {
        buffer.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
    }

    /// `address(of:)` typed as bytes, the way most OpenSSL prototypes take their input.
    static func bytes(of buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8> {
        address(of: buffer).assumingMemoryBound(to: UInt8.self)
    }

    /// Overwrites memory in a way the optimizer may not remove.
    static func cleanse(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        OPENSSL_cleanse(base, buffer.count)
    }

    /// Checks that a length fits the `int` that older EVP functions take.
    static func int32Length(_ count: Int) throws -> Int32 {
        guard let length = Int32(exactly: count) else { throw failure("input too large for one OpenSSL call") }
        return length
    }
}
