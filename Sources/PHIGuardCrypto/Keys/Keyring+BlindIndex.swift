extension Keyring {
    /// A keyed hash of `value` for equality search on an encrypted column: equal values in the same `context`
    /// give equal indexes, and without the KEK nobody can compute or test one.
    ///
    /// HMAC-SHA-256 under a key derived from the KEK (HKDF, label "phiguard blind index v1"), over the context's
    /// length (4 bytes, big-endian), the context and the value, all UTF-8. The index key does not change when
    /// data-encryption keys rotate. Normalize `value` first (case, whitespace) if searches should ignore those.
    public func blindIndex(_ value: String, context: String) -> [UInt8] {
        let context = Array(context.utf8)
        let message = UInt32(truncatingIfNeeded: context.count).bigEndianBytes + context + Array(value.utf8)
        return indexKey.authenticate(message)
    }
}
