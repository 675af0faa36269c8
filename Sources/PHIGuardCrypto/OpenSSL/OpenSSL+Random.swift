internal import COpenSSL

extension OpenSSL {
    /// Bytes from OpenSSL's CSPRNG (seeded from the kernel).
    static func randomBytes(_ count: Int) -> [UInt8] {
        guard let length = Int32(exactly: count), length >= 0 else { fatalError("random byte count out of range") }
        return [UInt8](unsafeUninitializedCapacity: count) { output, initialized in
            if count > 0 { require(RAND_bytes(output.baseAddress, length), "RAND_bytes failed") }
            initialized = count
        }
    }

    /// Compares two buffers of equal length in time that depends only on the length.
    static func constantTimeEquals(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        precondition(lhs.count == rhs.count, "constant-time comparison needs equal lengths")
        return CRYPTO_memcmp(address(of: lhs), address(of: rhs), lhs.count) == 0
    }
}
