extension Keyring {
    /// A keyed hash of `value` for equality search on an encrypted column: equal values in the same `context`
    /// give equal indexes, and without the KEK nobody can compute or test one.
    ///
    /// HMAC-SHA-256 under a key derived from the KEK (HKDF, label "phiguard blind index v1"), over the context's
    /// length (4 bytes, big-endian), the context and the value, all UTF-8. The index key does not change when
    /// data-encryption keys rotate. Normalize `value` first (case, whitespace) if searches should ignore those.
    public func blindIndex(_ value: String, context: String) -> [UInt8] {
        blindIndex(Array(value.utf8), context: context)
    }

    /// The blind index of a value given as its UTF-8 bytes: the same as `blindIndex(_:context:)` of that text.
    public func blindIndex(_ value: [UInt8], context: String) -> [UInt8] {
        indexKey.authenticate(Self.blindIndexMessage(value, context: context))
    }

    /// What the index key authenticates: the context's length (32-bit big-endian), the context, the value.
    fileprivate static func blindIndexMessage(_ value: [UInt8], context: String) -> [UInt8] {
        var message = UInt32(truncatingIfNeeded: context.utf8.count).bigEndianBytes
        message.reserveCapacity(4 + context.utf8.count + value.count)
        message.append(contentsOf: context.utf8)
        message.append(contentsOf: value)
        return message
    }

    /// Blind indexes for one thread's loop over many values (a scan that recomputes them row by row), with an
    /// HMAC context of its own so that scanning threads do not wait on each other for the shared ones.
    public final class BlindIndexer {
        private let session: HMACSHA256.Session

        /// An indexer under `keyring`'s index key.
        public init(_ keyring: Keyring) { session = keyring.indexKey.session() }

        /// The same bytes as `Keyring.blindIndex(_:context:)`.
        public func index(_ value: [UInt8], context: String) -> [UInt8] {
            session.authenticate(Keyring.blindIndexMessage(value, context: context))
        }
    }
}
