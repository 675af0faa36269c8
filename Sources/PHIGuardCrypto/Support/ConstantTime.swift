/// Comparisons whose running time does not depend on where two secrets differ.
public enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes. Collections of different lengths are unequal at once: the
    /// length of a MAC or a hash is public, only its content is secret.
    public static func equals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return withContiguousBytes(lhs) { left in
            withContiguousBytes(rhs) { right in OpenSSL.constantTimeEquals(left, right) }
        }
    }

    /// Whether bytes read in place hold the same bytes as an array (a concrete form of the generic comparison).
    public static func equals(_ lhs: UnsafeRawBufferPointer, _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return rhs.withUnsafeBytes { right in OpenSSL.constantTimeEquals(lhs, right) }
    }

    /// Whether two arrays hold the same bytes (the concrete form of the generic comparison).
    public static func equals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.withUnsafeBytes { left in rhs.withUnsafeBytes { right in OpenSSL.constantTimeEquals(left, right) } }
    }
}
