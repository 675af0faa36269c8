import PHIGuardCore

/// A signed note whose signatures have been checked against a set of trusted keys.
public struct VerifiedNote: Sendable, Hashable {
    /// The signed text.
    public let text: String
    /// Signatures by trusted keys, each verified; one per key.
    public let verifiedSignatures: [NoteSignature]
    /// Signatures by keys not in the trusted set, left unchecked; identical ones appear once.
    public let unverifiedSignatures: [NoteSignature]
}

extension SignedNote {
    /// Checks the note's signatures against trusted keys.
    ///
    /// A signature by an unknown key (name and key hash) is kept unchecked; a signature by a trusted key that
    /// does not verify rejects the note, as does a note that no trusted key signed.
    ///
    /// - Throws: `PHIGuardError` with code `.noteInvalid` when two trusted keys share a name and key hash, a
    ///   trusted key's signature is bad, or no trusted key signed.
    public func verify(using verifiers: [NoteVerifier]) throws -> VerifiedNote {
        let trusted = try Self.index(verifiers)
        var verified: [NoteSignature] = []
        var unverified: [NoteSignature] = []
        for signature in signatures {
            guard let verifier = trusted[KeyID(name: signature.name, keyHash: signature.keyHash)] else {
                if !unverified.contains(signature) { unverified.append(signature) }
                continue
            }
            guard verifier.isValidSignature(signature, forText: text) else {
                throw NoteKey.invalid("a signature by a trusted key does not verify")
            }
            if !verified.contains(where: {
                $0.keyHash == signature.keyHash && $0.name.utf8.elementsEqual(signature.name.utf8)
            }) {
                verified.append(signature)
            }
        }
        guard !verified.isEmpty else { throw NoteKey.invalid("no trusted key signed the note") }
        return VerifiedNote(text: text, verifiedSignatures: verified, unverifiedSignatures: unverified)
    }

    /// Parses and verifies a signed note in one step.
    ///
    /// - Throws: `PHIGuardError` with code `.noteInvalid` as `init(parsing:)` and `verify(using:)` do.
    public static func open(_ message: String, verifiers: [NoteVerifier]) throws -> VerifiedNote {
        try SignedNote(parsing: message).verify(using: verifiers)
    }

    /// Names compare by their UTF-8 bytes, as the key hash does, not by Unicode canonical equivalence.
    private struct KeyID: Hashable {
        var name: [UInt8]
        var keyHash: UInt32

        init(name: String, keyHash: UInt32) {
            self.name = Array(name.utf8)
            self.keyHash = keyHash
        }
    }

    private static func index(_ verifiers: [NoteVerifier]) throws -> [KeyID: NoteVerifier] {
        var trusted: [KeyID: NoteVerifier] = [:]
        for verifier in verifiers {
            let id = KeyID(name: verifier.name, keyHash: verifier.keyHash)
            if let known = trusted[id], known != verifier {
                throw NoteKey.invalid("two trusted keys share a name and key hash")
            }
            trusted[id] = verifier
        }
        return trusted
    }
}
