import PHIGuardCore

/// A C2SP tlog-checkpoint: the signed statement of a log's size and root hash.
///
/// The body is the origin line, the tree size in decimal, the base64 root hash, then optional extension
/// lines, each ending with a newline:
///
///     phiguard.example/ledger/main
///     20852163
///     CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
///
/// Parsing is strict: no empty line, no leading zero or sign in the size, canonical padded base64 of exactly
/// 32 bytes. The log signs the body as a signed note under a key whose name is the origin.
public struct Checkpoint: Sendable, Hashable {
    /// The log's unique identity, by convention a schema-less URL; also the name of the log's signing key.
    public let origin: String
    /// The number of leaves.
    public let size: Int
    /// The Merkle root over those leaves.
    public let rootHash: [UInt8]
    /// Extra lines after the root hash, without newlines; rarely used.
    public let extensions: [String]

    /// Creates a checkpoint.
    ///
    /// - Throws: `PHIGuardError` with code `.checkpointInvalid` when the origin or an extension line is empty
    ///   or holds a control character, the size is negative, or the root is not 32 bytes.
    public init(origin: String, size: Int, rootHash: [UInt8], extensions: [String] = []) throws {
        guard Self.isValidLine(origin) else { throw Self.invalid("the origin is empty or holds a control character") }
        guard size >= 0 else { throw Self.invalid("the tree size is negative") }
        guard rootHash.count == MerkleTree.hashByteCount else { throw Self.invalid("the root hash is not 32 bytes") }
        guard extensions.allSatisfy(Self.isValidLine) else {
            throw Self.invalid("an extension line is empty or holds a control character")
        }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// Parses a checkpoint body.
    ///
    /// - Throws: `PHIGuardError` with code `.checkpointInvalid` when the body breaks the format.
    public init(text: String) throws {
        guard text.utf8.last == 0x0A else { throw Self.invalid("the checkpoint does not end with a newline") }
        let lines = text.utf8.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 3 else { throw Self.invalid("the checkpoint has fewer than three lines") }
        guard let size = Self.parseSize(lines[1]) else { throw Self.invalid("the tree size is not a decimal number") }
        guard let root = NoteKey.strictBase64(lines[2]) else { throw Self.invalid("the root hash is not base64") }
        try self.init(origin: lines[0], size: size, rootHash: root, extensions: Array(lines.dropFirst(3)))
    }

    /// The checkpoint body, the text the log signs.
    public var text: String {
        ([origin, String(size), rootHash.base64] + extensions).map { $0 + "\n" }.joined()
    }

    /// Signs the checkpoint with the log's key, whose name must be the origin.
    ///
    /// - Throws: `PHIGuardError` with code `.checkpointInvalid` when the key is named otherwise, or `.crypto`.
    public func signed(by signer: NoteSigner) throws -> SignedNote {
        guard signer.name.utf8.elementsEqual(origin.utf8) else {
            throw Self.invalid("the signing key is not named after the origin")
        }
        return try signer.sign(text: text)
    }

    /// Verifies a signed checkpoint and parses it.
    ///
    /// At least one trusted key named after the origin must have signed it; other trusted keys (witnesses) may
    /// have cosigned.
    ///
    /// - Parameters:
    ///   - message: the signed note as received.
    ///   - verifiers: trusted keys, the log's among them.
    ///   - origin: the origin the caller expects, if it expects one.
    /// - Throws: `PHIGuardError` with code `.noteInvalid` when the signatures fail, or `.checkpointInvalid`
    ///   when the body is malformed, the origin is not the expected one, or the log's key did not sign.
    public static func open(_ message: String, verifiers: [NoteVerifier], origin: String? = nil) throws -> Checkpoint {
        let note = try SignedNote.open(message, verifiers: verifiers)
        let checkpoint = try Checkpoint(text: note.text)
        if let origin, !origin.utf8.elementsEqual(checkpoint.origin.utf8) {
            throw Self.invalid("the checkpoint is from another log")
        }
        guard note.verifiedSignatures.contains(where: { $0.name.utf8.elementsEqual(checkpoint.origin.utf8) }) else {
            throw Self.invalid("the log's own key did not sign the checkpoint")
        }
        return checkpoint
    }

    /// A decimal tree size: `0` or digits without a leading zero, within `Int`.
    private static func parseSize(_ line: String) -> Int? {
        let digits = line.utf8
        guard !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        guard digits.first != 0x30 || digits.count == 1 else { return nil }
        return Int(line)
    }

    private static func isValidLine(_ line: String) -> Bool {
        !line.isEmpty && !line.utf8.contains { $0 < 0x20 || $0 == 0x7F }
    }

    private static func invalid(_ reason: String, fileID: String = #fileID, line: Int = #line) -> PHIGuardError {
        PHIGuardError(.checkpointInvalid, reason, fileID: fileID, line: line)
    }
}
