import PHIGuardCore
import PHIGuardCrypto

/// A named Ed25519 public key that checks C2SP signed-note signatures.
///
/// Its text form, the verifier key, is `<name>+<key hash as 8 hex digits>+<base64(0x01 || public key)>`.
public struct NoteVerifier: Sendable, Hashable {
    /// The key name; signature lines carry it.
    public let name: String
    /// The first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key), big-endian.
    public let keyHash: UInt32
    /// The Ed25519 public key.
    public let publicKey: Ed25519.PublicKey

    /// Creates a verifier for a named key.
    ///
    /// - Throws: `PHIGuardError` with code `.noteInvalid` when the name is empty, has white space or `+`.
    public init(name: String, publicKey: Ed25519.PublicKey) throws {
        guard NoteKey.isValidName(name) else { throw NoteKey.invalid("a note key name has white space or '+'") }
        self.name = name
        self.publicKey = publicKey
        self.keyHash = NoteKey.keyHash(name: name, publicKey: publicKey)
    }

    /// Parses a verifier key, `<name>+<hash>+<base64(0x01 || public key)>`.
    ///
    /// - Throws: `PHIGuardError` with code `.noteInvalid` when the text is malformed, the algorithm is not
    ///   Ed25519, or the key hash does not match the name and key.
    public init(verifierKey: String) throws {
        let (name, keyHash, key) = try NoteKey.parse(verifierKey[...], what: "the verifier key")
        let publicKey: Ed25519.PublicKey
        do { publicKey = try Ed25519.PublicKey(rawRepresentation: key) } catch {
            throw PHIGuardError(.noteInvalid, "the verifier key holds an invalid Ed25519 key", underlying: error)
        }
        try self.init(name: name, publicKey: publicKey)
        guard self.keyHash == keyHash else { throw NoteKey.invalid("the verifier key hash does not match its key") }
    }

    /// The verifier key text, `<name>+<hash>+<base64(0x01 || public key)>`.
    public var verifierKey: String {
        "\(name)+\(NoteKey.hex(keyHash))+\(([NoteKey.ed25519Algorithm] + publicKey.rawRepresentation).base64)"
    }

    /// Whether `signature` is this key's signature of the note text.
    public func isValidSignature(_ signature: NoteSignature, forText text: String) -> Bool {
        signature.keyHash == keyHash && signature.name.utf8.elementsEqual(name.utf8)
            && publicKey.isValidSignature(signature.signature, for: Array(text.utf8))
    }
}
