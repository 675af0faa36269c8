/// HMAC with SHA-256 (RFC 2104).
public enum HMACSHA256 {
    /// The authentication code length in bytes.
    public static let byteCount = 32

    /// The 32-byte HMAC-SHA-256 of `message` under `key`.
    public static func authenticate(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        withContiguousBytes(key) { key in
            withContiguousBytes(message) { message in OpenSSL.hmacSHA256(key: key, message: message) }
        }
    }

    /// The HMAC-SHA-256 of `message` under a secret key.
    public static func authenticate(key: SecretBytes, message: some Collection<UInt8>) -> [UInt8] {
        key.withUnsafeBytes { authenticate(key: $0, message: message) }
    }

    /// Whether `code` is the HMAC-SHA-256 of `message` under `key`, compared in constant time.
    public static func isValid(
        _ code: some Collection<UInt8>,
        key: some Collection<UInt8>,
        message: some Collection<UInt8>
    ) -> Bool {
        ConstantTime.equals(authenticate(key: key, message: message), code)
    }

    /// A key prepared once for many messages: the pads are computed when it is made, and each call only hashes
    /// the message. Safe to share between threads.
    public final class Key: Sendable {
        private let prepared: OpenSSL.PreparedMAC

        /// Prepares `key`.
        public init(_ key: SecretBytes) {
            prepared = key.withUnsafeBytes { OpenSSL.PreparedMAC(key: $0) }
        }

        /// The 32-byte HMAC-SHA-256 of `message`.
        public func authenticate(_ message: some Collection<UInt8>) -> [UInt8] {
            withContiguousBytes(message) { prepared.authenticate($0) }
        }

        /// The code of an array (the concrete form of `authenticate(_:)`).
        public func authenticate(_ message: [UInt8]) -> [UInt8] {
            message.withUnsafeBytes { prepared.authenticate($0) }
        }

        /// A context of its own under this key, for one thread's loop over many messages.
        public func session() -> Session { Session(prepared.session()) }
    }

    /// HMAC-SHA-256 under a prepared key for one thread at a time (it is not `Sendable`): the same codes as
    /// the key's, without the key's shared pool of contexts.
    public final class Session {
        private let session: OpenSSL.MACSession

        fileprivate init(_ session: OpenSSL.MACSession) { self.session = session }

        /// The 32-byte HMAC-SHA-256 of `message`.
        public func authenticate(_ message: [UInt8]) -> [UInt8] {
            message.withUnsafeBytes { session.authenticate($0) }
        }
    }
}
