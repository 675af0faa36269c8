import PHIGuardCore
import PHIGuardCrypto

/// A named Ed25519 private key that signs C2SP signed notes.
public struct NoteSigner: Sendable {
    /// The key name, written on each signature line.
    public let name: String
    /// The matching verifier.
    public let verifier: NoteVerifier
    private let privateKey: Ed25519.PrivateKey

    /// Creates a signer for a named key.
    ///
    /// - Throws: `PHIGuardError` with code `.noteInvalid` when the name is empty, has white space or `+`.
    public init(name: String, privateKey: Ed25519.PrivateKey) throws {
        self.verifier = try NoteVerifier(name: name, publicKey: privateKey.publicKey)
        self.name = name
        self.privateKey = privateKey
    }

    /// Parses the Go `sumdb/note` private key text, `PRIVATE+KEY+<name>+<hash>+<base64(0x01 || seed)>`.
    ///
    /// - Throws: `PHIGuardError` with code `.noteInvalid` when the text is malformed or its key hash does not
    ///   match the name and the key derived from the seed; no part of the text appears in the error.
    public init(encodedPrivateKey: SecretBytes) throws {
        let text = String(decoding: encodedPrivateKey.revealedBytes, as: UTF8.self)
        guard text.hasPrefix(NoteKey.privateKeyPrefix) else { throw NoteKey.invalid("not a note private key") }
        let (name, keyHash, seed) = try NoteKey.parse(text.dropFirst(NoteKey.privateKeyPrefix.count), what: "the key")
        let key: Ed25519.PrivateKey
        do { key = try Ed25519.PrivateKey(rawRepresentation: SecretBytes(seed)) } catch {
            throw PHIGuardError(.noteInvalid, "the note private key holds an invalid seed", underlying: error)
        }
        try self.init(name: name, privateKey: key)
        guard verifier.keyHash == keyHash else { throw NoteKey.invalid("the private key hash does not match its key") }
    }

    /// The Go `sumdb/note` private key text, `PRIVATE+KEY+<name>+<hash>+<base64(0x01 || seed)>`; a secret.
    public var encodedPrivateKey: SecretBytes {
        let seed = [NoteKey.ed25519Algorithm] + privateKey.rawRepresentation.revealedBytes
        let text = "\(NoteKey.privateKeyPrefix)\(name)+\(NoteKey.hex(verifier.keyHash))+\(seed.base64)"
        return SecretBytes(Array(text.utf8))
    }

    /// This key's signature of a note text.
    ///
    /// - Throws: `PHIGuardError` with code `.noteInvalid` when the text is not a valid note text, or `.crypto`.
    public func signature(forText text: String) throws -> NoteSignature {
        try SignedNote.validate(text: text)
        let signature = try privateKey.sign(Array(text.utf8))
        return try NoteSignature(name: name, keyHash: verifier.keyHash, signature: signature)
    }

    /// Signs a note text into a signed note carrying this one signature.
    ///
    /// - Throws: `PHIGuardError` with code `.noteInvalid` when the text is not a valid note text, or `.crypto`.
    public func sign(text: String) throws -> SignedNote {
        try SignedNote(text: text, signatures: [signature(forText: text)])
    }
}

extension NoteSigner: CustomStringConvertible {
    /// Names the verifier key only.
    public var description: String { "NoteSigner(\(verifier.verifierKey))" }
}
