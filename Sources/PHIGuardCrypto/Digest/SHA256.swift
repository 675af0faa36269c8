/// SHA-256 (FIPS 180-4): one-shot with `hash(_:)`, or incremental with `SHA256.Hasher`.
public enum SHA256 {
    /// The digest length in bytes.
    public static let byteCount = 32

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        withContiguousBytes(bytes) { OpenSSL.sha256($0) }
    }

    /// The SHA-256 digest of an array; the same as the generic form, without its per-call cost in other modules.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { OpenSSL.sha256($0) }
    }

    /// The SHA-256 digest of a buffer.
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        OpenSSL.sha256(UnsafeRawBufferPointer(bytes))
    }

    /// An incremental SHA-256 computation for input that arrives in pieces.
    ///
    /// Noncopyable: it owns an OpenSSL context, and `finalize()` consumes it, so a finished hasher cannot be
    /// updated again by mistake.
    public struct Hasher: ~Copyable {
        private let context = OpenSSL.DigestContext()

        /// Starts an empty computation.
        public init() {}

        /// Feeds more input.
        public mutating func update(_ bytes: some Collection<UInt8>) {
            withContiguousBytes(bytes) { context.update($0) }
        }

        /// Feeds an array (the concrete form of `update(_:)`).
        public mutating func update(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { context.update($0) }
        }

        /// Finishes the computation and returns the 32-byte digest.
        public consuming func finalize() -> [UInt8] {
            context.finalize()
        }
    }
}
