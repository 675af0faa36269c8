import PHIGuardCore
import PHIGuardCrypto

/// One signature line of a signed note: `— <name> <base64(key hash || signature)>`.
public struct NoteSignature: Sendable, Hashable {
    /// The name of the key that signed.
    public let name: String
    /// The key hash, identifying the key among those with the same name.
    public let keyHash: UInt32
    /// The signature bytes after the key hash (64 for Ed25519; other algorithms may differ).
    public let signature: [UInt8]

    /// Creates a signature.
    ///
    /// - Throws: `PHIGuardError` with code `.noteInvalid` when the name is not a valid key name or the
    ///   signature is empty.
    public init(name: String, keyHash: UInt32, signature: [UInt8]) throws {
        guard NoteKey.isValidName(name) else { throw NoteKey.invalid("a signature names an invalid key") }
        guard !signature.isEmpty else { throw NoteKey.invalid("a signature is empty") }
        self.name = name
        self.keyHash = keyHash
        self.signature = signature
    }

    /// The line as written in the note, without its newline.
    public var line: String {
        let hashBytes: [UInt8] = [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: keyHash >> $0) }
        return "\(SignedNote.signaturePrefix)\(name) \((hashBytes + signature).base64)"
    }

    /// Parses a signature line without its newline.
    ///
    /// - Throws: `PHIGuardError` with code `.noteInvalid` when the line is malformed.
    public init(line: Substring) throws {
        guard line.hasPrefix(SignedNote.signaturePrefix) else {
            throw NoteKey.invalid("a signature line does not start with an em dash and a space")
        }
        let fields = line.dropFirst(SignedNote.signaturePrefix.count).split(
            separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        guard fields.count == 2, let bytes = NoteKey.strictBase64(fields[1]), bytes.count > 4 else {
            throw NoteKey.invalid("a signature line is malformed")
        }
        let keyHash = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        try self.init(name: String(fields[0]), keyHash: keyHash, signature: Array(bytes.dropFirst(4)))
    }
}
