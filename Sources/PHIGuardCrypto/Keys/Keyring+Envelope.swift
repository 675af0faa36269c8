import PHIGuardCore

extension Keyring {
    /// Encrypts `plaintext` with the active key, bound to `context` (for example `"users.display_name"`).
    ///
    /// An envelope is self-describing, so `decrypt` picks the key that encrypted it:
    ///
    /// ```
    /// offset      size  field
    /// 0           1     format, 0x01
    /// 1           1     key id length L, 1 to 255
    /// 2           L     key id, UTF-8 (for example "dek-3")
    /// 2+L         4     key version, big-endian
    /// 6+L         12    AES-256-GCM nonce
    /// 18+L        n     ciphertext, as long as the plaintext
    /// 18+L+n      16    AES-256-GCM tag
    /// ```
    ///
    /// The associated data is the header (bytes 0 to 18+L) followed by the UTF-8 context, so changing any header
    /// byte, or moving the envelope to another column (another context), fails authentication.
    ///
    /// - Throws: `PHIGuardError` with code `.crypto` on a library failure.
    public func encrypt(_ plaintext: some Collection<UInt8>, context: String) throws -> [UInt8] {
        let key = activeKey
        let nonce = AESGCM.randomNonce()
        let header = Envelope.header(keyID: key.id, version: key.version, nonce: nonce)
        let box = try AESGCM.seal(
            plaintext, key: key.key, nonce: nonce, authenticating: header + Array(context.utf8)
        )
        return header + box.ciphertext + box.tag
    }

    /// Decrypts an envelope made by `encrypt` with the same `context`, with whichever key version made it.
    ///
    /// - Throws: `PHIGuardError` with code `.crypto` when the envelope is malformed, names a key this keyring
    ///   does not hold, or fails authentication (tampering, wrong context).
    public func decrypt(_ envelope: some Collection<UInt8>, context: String) throws -> [UInt8] {
        let parsed = try Envelope(Array(envelope))
        guard let key = keys[parsed.version], key.id == parsed.keyID else {
            throw OpenSSL.failure("envelope names a data-encryption key this keyring does not hold")
        }
        let box = AESGCM.SealedBox(nonce: parsed.nonce, ciphertext: parsed.ciphertext, tag: parsed.tag)
        return try AESGCM.open(box, key: key.key, authenticating: parsed.header + Array(context.utf8))
    }

    /// Encrypts the UTF-8 bytes of `plaintext`.
    ///
    /// - Throws: as `encrypt(_:context:)`.
    public func encryptString(_ plaintext: String, context: String) throws -> [UInt8] {
        try encrypt(Array(plaintext.utf8), context: context)
    }

    /// Decrypts an envelope made by `encryptString`.
    ///
    /// - Throws: as `decrypt(_:context:)`, and `.crypto` when the plaintext is not UTF-8.
    public func decryptString(_ envelope: some Collection<UInt8>, context: String) throws -> String {
        let bytes = try decrypt(envelope, context: context)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw OpenSSL.failure("decrypted value is not UTF-8 text")
        }
        return text
    }

    /// The key version an envelope names, to find values still under an old key after a rotation.
    ///
    /// - Throws: `PHIGuardError` with code `.crypto` when the envelope is malformed.
    public static func keyVersion(of envelope: some Collection<UInt8>) throws -> Int {
        Int(try Envelope(Array(envelope)).version)
    }
}

/// The parsed parts of an envelope; the layout is documented on `Keyring.encrypt(_:context:)`.
struct Envelope {
    static let format: UInt8 = 1

    var header: [UInt8]
    var keyID: String
    var version: UInt32
    var nonce: [UInt8]
    var ciphertext: [UInt8]
    var tag: [UInt8]

    static func header(keyID: String, version: UInt32, nonce: [UInt8]) -> [UInt8] {
        let id = Array(keyID.utf8)
        return [format, UInt8(id.count)] + id + version.bigEndianBytes + nonce
    }

    init(_ bytes: [UInt8]) throws {
        guard bytes.count >= 2 else { throw OpenSSL.failure("envelope is truncated") }
        guard bytes[0] == Self.format else { throw OpenSSL.failure("unknown envelope format") }
        let idLength = Int(bytes[1])
        let headerLength = 2 + idLength + 4 + AESGCM.nonceByteCount
        guard idLength > 0, bytes.count >= headerLength + AESGCM.tagByteCount else {
            throw OpenSSL.failure("envelope is truncated")
        }
        guard let keyID = String(validating: bytes[2..<2 + idLength], as: UTF8.self) else {
            throw OpenSSL.failure("envelope key id is not UTF-8")
        }
        self.keyID = keyID
        self.version = bytes[2 + idLength..<6 + idLength].reduce(0) { $0 << 8 | UInt32($1) }
        self.header = Array(bytes[..<headerLength])
        self.nonce = Array(bytes[6 + idLength..<headerLength])
        self.ciphertext = Array(bytes[headerLength..<bytes.count - AESGCM.tagByteCount])
        self.tag = Array(bytes.suffix(AESGCM.tagByteCount))
    }
}
