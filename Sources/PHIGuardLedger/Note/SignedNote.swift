import PHIGuardCore

/// A C2SP signed note: a text, a blank line, then one signature line per signature.
///
/// The text is non-empty UTF-8 that ends with a newline and holds no control character other than newline.
/// Signatures cover the text exactly, final newline included. Each signature line is
/// `— <key name> <base64(4-byte key hash || signature)>` with an em dash (U+2014). Parsing is strict: any
/// malformed line, or more than `maximumSignatureCount` signatures, rejects the whole note.
public struct SignedNote: Sendable, Hashable {
    /// The most signature lines a note may carry; more is refused before any signature is checked.
    public static let maximumSignatureCount = 100
    /// The start of every signature line: U+2014 EM DASH and a space.
    public static let signaturePrefix = "\u{2014} "

    /// The signed text, ending with a newline.
    public let text: String
    /// The signatures, in note order.
    public let signatures: [NoteSignature]

    /// Creates a note from a text and its signatures.
    ///
    /// - Throws: `PHIGuardError` with code `.noteInvalid` when the text is not a valid note text, there is no
    ///   signature, or there are more than `maximumSignatureCount`.
    public init(text: String, signatures: [NoteSignature]) throws {
        try Self.validate(text: text)
        guard !signatures.isEmpty else { throw NoteKey.invalid("a signed note has no signature") }
        guard signatures.count <= Self.maximumSignatureCount else {
            throw NoteKey.invalid("a signed note has too many signatures")
        }
        self.text = text
        self.signatures = signatures
    }

    /// Parses a signed note without checking any signature.
    ///
    /// - Throws: `PHIGuardError` with code `.noteInvalid` when the note is malformed.
    public init(parsing message: String) throws {
        let bytes = Array(message.utf8)
        guard let split = Self.lastBlankLine(in: bytes) else {
            throw NoteKey.invalid("a signed note has no blank line before its signatures")
        }
        let text = String(decoding: bytes[...split], as: UTF8.self)
        let block = bytes[(split + 2)...]
        guard block.last == 0x0A else { throw NoteKey.invalid("a signed note does not end with a newline") }
        let lines = block.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count <= Self.maximumSignatureCount else {
            throw NoteKey.invalid("a signed note has too many signatures")
        }
        let signatures = try lines.map { try NoteSignature(line: String(decoding: $0, as: UTF8.self)[...]) }
        try self.init(text: text, signatures: signatures)
    }

    /// The note as sent: the text, a blank line, and one line per signature.
    public var formatted: String {
        text + "\n" + signatures.map { $0.line + "\n" }.joined()
    }

    /// This note with one more signature (a cosignature), unless an identical one is already present.
    ///
    /// - Throws: `PHIGuardError` with code `.noteInvalid` when the note would exceed the signature limit.
    public func adding(_ signature: NoteSignature) throws -> SignedNote {
        guard !signatures.contains(signature) else { return self }
        return try SignedNote(text: text, signatures: signatures + [signature])
    }

    /// Checks the rules for a note text: non-empty, newline-terminated, no control characters but newline.
    ///
    /// - Throws: `PHIGuardError` with code `.noteInvalid` naming the broken rule.
    static func validate(text: String) throws {
        guard text.utf8.last == 0x0A else { throw NoteKey.invalid("a note text must end with a newline") }
        guard !text.utf8.contains(where: { $0 < 0x20 && $0 != 0x0A }) else {
            throw NoteKey.invalid("a note text holds a control character")
        }
    }

    /// The index of the first newline of the last `\n\n` in `bytes`.
    private static func lastBlankLine(in bytes: [UInt8]) -> Int? {
        var index = bytes.count - 2
        while index >= 0 {
            if bytes[index] == 0x0A, bytes[index + 1] == 0x0A { return index }
            index -= 1
        }
        return nil
    }
}
