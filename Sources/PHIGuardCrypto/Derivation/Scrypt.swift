/// The scrypt password-based key derivation function (RFC 7914).
public enum Scrypt {
    /// The memory scrypt needs for these parameters, as OpenSSL counts it: 128·r·(N + 2 + p) bytes.
    public static func memoryNeeded(n: UInt64, r: UInt32, p: UInt32) -> UInt64 {
        let (blocks, overflowBlocks) = n.addingReportingOverflow(2 + UInt64(p))
        let (bytes, overflowBytes) = (128 * UInt64(r)).multipliedReportingOverflow(by: blocks)
        return overflowBlocks || overflowBytes ? .max : bytes
    }

    /// Derives `length` bytes from `password` and `salt`.
    ///
    /// - Parameters:
    ///   - n: the CPU/memory cost, a power of two greater than 1.
    ///   - r: the block size.
    ///   - p: the parallelization.
    ///   - length: how many bytes to derive.
    ///   - maxMemory: the most memory the derivation may use; by default exactly what the parameters need, so
    ///     callers that take parameters from untrusted input must bound them first.
    /// - Throws: `PHIGuardError` with code `.crypto` when the parameters are invalid or above `maxMemory`.
    public static func derive(
        password: some Collection<UInt8>,
        salt: some Collection<UInt8>,
        n: UInt64,
        r: UInt32,
        p: UInt32,
        length: Int,
        maxMemory: UInt64? = nil
    ) throws -> [UInt8] {
        guard n > 1, n.nonzeroBitCount == 1, r > 0, p > 0, length > 0 else {
            throw OpenSSL.failure("scrypt parameters out of range")
        }
        let limit = maxMemory ?? memoryNeeded(n: n, r: r, p: p)
        return try withContiguousBytes(password) { password in
            try withContiguousBytes(salt) { salt in
                try OpenSSL.scrypt(
                    password: password, salt: salt, n: n, r: r, p: p, maxMemory: limit, length: length
                )
            }
        }
    }
}
