/// AES-256-GCM authenticated encryption (NIST SP 800-38D) with 96-bit nonces and 128-bit tags.
///
/// A nonce must never repeat under one key; the default is 12 random bytes, safe for up to 2^32 messages per
/// key.
public enum AESGCM {
    /// The key length in bytes (AES-256).
    public static let keyByteCount = 32
    /// The nonce length in bytes.
    public static let nonceByteCount = 12
    /// The tag length in bytes.
    public static let tagByteCount = 16

    /// The output of `seal`: everything `open` needs besides the key and the associated data.
    public struct SealedBox: Sendable, Hashable {
        /// The 12-byte nonce used for this message.
        public var nonce: [UInt8]
        /// The ciphertext, as long as the plaintext.
        public var ciphertext: [UInt8]
        /// The 16-byte authentication tag.
        public var tag: [UInt8]

        /// Reassembles a box from stored parts.
        public init(nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) {
            self.nonce = nonce
            self.ciphertext = ciphertext
            self.tag = tag
        }
    }

    /// A fresh random nonce.
    public static func randomNonce() -> [UInt8] {
        SecureRandom.bytes(nonceByteCount)
    }

    /// Encrypts `plaintext` and authenticates it together with `associatedData`.
    ///
    /// - Parameters:
    ///   - plaintext: the bytes to protect.
    ///   - key: a 32-byte key.
    ///   - nonce: 12 bytes, unique per key; random by default.
    ///   - associatedData: bytes authenticated but not encrypted, for example where the ciphertext is stored.
    /// - Throws: `PHIGuardError` with code `.crypto` for a wrong key or nonce length, or a library failure.
    public static func seal(
        _ plaintext: some Collection<UInt8>,
        key: SecretBytes,
        nonce: [UInt8] = randomNonce(),
        authenticating associatedData: some Collection<UInt8> = [UInt8]()
    ) throws -> SealedBox {
        try checkSizes(key: key, nonce: nonce)
        let sealed = try key.withUnsafeBytes { key in
            try nonce.withUnsafeBytes { nonce in
                try withContiguousBytes(plaintext) { plaintext in
                    try withContiguousBytes(associatedData) { aad in
                        try OpenSSL.aes256GCMSeal(key: key, nonce: nonce, plaintext: plaintext, aad: aad)
                    }
                }
            }
        }
        return SealedBox(nonce: nonce, ciphertext: sealed.ciphertext, tag: sealed.tag)
    }

    /// Decrypts `box` after checking its tag against the ciphertext and `associatedData`.
    ///
    /// - Throws: `PHIGuardError` with code `.crypto` when authentication fails (wrong key, altered ciphertext,
    ///   tag or associated data), or for wrong sizes.
    public static func open(
        _ box: SealedBox,
        key: SecretBytes,
        authenticating associatedData: some Collection<UInt8> = [UInt8]()
    ) throws -> [UInt8] {
        try checkSizes(key: key, nonce: box.nonce)
        guard box.tag.count == tagByteCount else { throw OpenSSL.failure("AES-256-GCM tag must be 16 bytes") }
        return try key.withUnsafeBytes { key in
            try box.nonce.withUnsafeBytes { nonce in
                try box.ciphertext.withUnsafeBytes { ciphertext in
                    try withContiguousBytes(associatedData) { aad in
                        try OpenSSL.aes256GCMOpen(
                            key: key, nonce: nonce, ciphertext: ciphertext, tag: box.tag, aad: aad
                        )
                    }
                }
            }
        }
    }

    private static func checkSizes(key: SecretBytes, nonce: [UInt8]) throws {
        guard key.count == keyByteCount else { throw OpenSSL.failure("AES-256-GCM key must be 32 bytes") }
        guard nonce.count == nonceByteCount else { throw OpenSSL.failure("AES-256-GCM nonce must be 12 bytes") }
    }
}
