/// Ed25519 signatures (RFC 8032, PureEdDSA): 32-byte keys, 64-byte deterministic signatures.
public enum Ed25519 {
    /// A signing key. Its raw form is the 32-byte seed RFC 8032 calls the secret key.
    public struct PrivateKey: Sendable {
        private let seed: SecretBytes
        private let key: OpenSSL.EVPKey

        /// The matching public key, derived once at creation.
        public let publicKey: PublicKey

        /// Generates a new key from 32 random bytes.
        ///
        /// - Throws: `PHIGuardError` with code `.crypto` if OpenSSL cannot build the key.
        public init() throws {
            try self.init(rawRepresentation: SecretBytes.random(count: OpenSSL.ed25519KeyByteCount))
        }

        /// Restores a key from its 32-byte seed.
        ///
        /// - Throws: `PHIGuardError` with code `.crypto` when the seed is not 32 bytes.
        public init(rawRepresentation: some Collection<UInt8>) throws {
            try self.init(rawRepresentation: SecretBytes(rawRepresentation))
        }

        /// Restores a key from its 32-byte seed held as a secret.
        ///
        /// - Throws: `PHIGuardError` with code `.crypto` when the seed is not 32 bytes.
        public init(rawRepresentation seed: SecretBytes) throws {
            guard seed.count == OpenSSL.ed25519KeyByteCount else {
                throw OpenSSL.failure("Ed25519 private key must be 32 bytes")
            }
            let key = try seed.withUnsafeBytes { try OpenSSL.EVPKey(ed25519Seed: $0) }
            self.seed = seed
            self.key = key
            self.publicKey = try PublicKey(rawRepresentation: key.rawPublicKey())
        }

        /// The 32-byte seed, for storing the key; treat it as a secret.
        public var rawRepresentation: SecretBytes { seed }

        /// The 64-byte signature of `message`.
        ///
        /// - Throws: `PHIGuardError` with code `.crypto` on a library failure.
        public func sign(_ message: some Collection<UInt8>) throws -> [UInt8] {
            try withContiguousBytes(message) { try key.sign($0) }
        }
    }

    /// A verifying key, 32 bytes.
    public struct PublicKey: Sendable {
        private let key: OpenSSL.EVPKey

        /// The 32-byte encoding of the key.
        public let rawRepresentation: [UInt8]

        /// Restores a public key from its 32-byte encoding.
        ///
        /// - Throws: `PHIGuardError` with code `.crypto` when the bytes are not a valid Ed25519 public key.
        public init(rawRepresentation: some Collection<UInt8>) throws {
            let bytes = Array(rawRepresentation)
            guard bytes.count == OpenSSL.ed25519KeyByteCount else {
                throw OpenSSL.failure("Ed25519 public key must be 32 bytes")
            }
            self.key = try bytes.withUnsafeBytes { try OpenSSL.EVPKey(ed25519PublicKey: $0) }
            self.rawRepresentation = bytes
        }

        /// Whether `signature` is a valid signature of `message` by the matching private key.
        public func isValidSignature(_ signature: some Collection<UInt8>, for message: some Collection<UInt8>) -> Bool {
            withContiguousBytes(signature) { signature in
                withContiguousBytes(message) { message in key.verify(signature: signature, message: message) }
            }
        }
    }
}

extension Ed25519.PrivateKey: CustomStringConvertible {
    /// Names the public key only.
    public var description: String { "Ed25519.PrivateKey(public: \(publicKey.rawRepresentation.hex))" }
}

extension Ed25519.PublicKey: Hashable {
    /// Public keys are equal when their encodings are.
    public static func == (lhs: Ed25519.PublicKey, rhs: Ed25519.PublicKey) -> Bool {
        lhs.rawRepresentation == rhs.rawRepresentation
    }

    /// Hashes the encoding.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(rawRepresentation)
    }
}
