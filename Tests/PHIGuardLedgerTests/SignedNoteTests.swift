import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardLedger
import Testing

@Suite("Signed notes")
struct SignedNoteTests {
    struct Vector: Decodable {
        var signer_key: String
        var verifier_key: String
        var text: String
        var signed_note: String
        var second_signature_line: String
        var second_signer_name: String
        var second_signer_key_hash: String
    }

    /// The published verifier key of EnochRoot in the Go `sumdb/note` tests (derived from an all-zero seed).
    static let enochVerifierKey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"

    static func vector() throws -> Vector {
        try JSONDecoder().decode(Vector.self, from: TestData.read("signed-note/ed25519-note.json"))
    }

    static func signer(_ vector: Vector) throws -> NoteSigner {
        try NoteSigner(encodedPrivateKey: SecretBytes(Array(vector.signer_key.utf8)))
    }

    @Test("Signing the vector text gives the exact signed note")
    func signsLikeTheVector() throws {
        let vector = try Self.vector()
        let signer = try Self.signer(vector)
        #expect(signer.verifier.verifierKey == vector.verifier_key)
        #expect(signer.encodedPrivateKey == SecretBytes(Array(vector.signer_key.utf8)))
        #expect(try signer.sign(text: vector.text).formatted == vector.signed_note)
    }

    @Test("The vector note verifies with its verifier key")
    func verifiesTheVector() throws {
        let vector = try Self.vector()
        let verifier = try NoteVerifier(verifierKey: vector.verifier_key)
        #expect(verifier.verifierKey == vector.verifier_key)
        let note = try SignedNote.open(vector.signed_note, verifiers: [verifier])
        #expect(note.text == vector.text)
        #expect(note.verifiedSignatures.map(\.name) == ["PeterNeumann"])
        #expect(try SignedNote(parsing: vector.signed_note).formatted == vector.signed_note)
    }

    @Test("A second signature by an unknown key is kept unverified, and verified once its key is known")
    func secondSignature() throws {
        let vector = try Self.vector()
        let twice = vector.signed_note + vector.second_signature_line
        let peter = try NoteVerifier(verifierKey: vector.verifier_key)

        let withPeter = try SignedNote.open(twice, verifiers: [peter])
        #expect(withPeter.verifiedSignatures.map(\.name) == ["PeterNeumann"])
        let unknown = try #require(withPeter.unverifiedSignatures.first)
        #expect(unknown.name == vector.second_signer_name)
        #expect(String(unknown.keyHash, radix: 16) == vector.second_signer_key_hash)

        let enoch = try NoteVerifier(verifierKey: Self.enochVerifierKey)
        let withBoth = try SignedNote.open(twice, verifiers: [peter, enoch])
        #expect(withBoth.verifiedSignatures.map(\.name) == ["PeterNeumann", "EnochRoot"])
        #expect(withBoth.unverifiedSignatures.isEmpty)
        #expect(try SignedNote.open(twice, verifiers: [enoch]).unverifiedSignatures.map(\.name) == ["PeterNeumann"])
    }

    @Test("A tampered text, a wrong key or no trusted key is refused")
    func refusals() throws {
        let vector = try Self.vector()
        let peter = try NoteVerifier(verifierKey: vector.verifier_key)
        let tampered = vector.signed_note.replacingOccurrences(of: "answer", with: "ANSWER")
        #expect(throws: PHIGuardError(.noteInvalid, "")) { try SignedNote.open(tampered, verifiers: [peter]) }

        let enoch = try NoteVerifier(verifierKey: Self.enochVerifierKey)
        #expect(throws: PHIGuardError(.noteInvalid, "")) { try SignedNote.open(vector.signed_note, verifiers: [enoch]) }

        // Same name, another key: the key hash differs, so the signature is from an unknown key.
        let impostor = try NoteVerifier(name: "PeterNeumann", publicKey: Ed25519.PrivateKey().publicKey)
        #expect(throws: PHIGuardError(.noteInvalid, "")) {
            try SignedNote.open(vector.signed_note, verifiers: [impostor])
        }
        #expect(throws: PHIGuardError(.noteInvalid, "")) { try SignedNote.open(vector.signed_note, verifiers: []) }
    }

    @Test(
        "Malformed notes are refused",
        arguments: [
            "no blank line\n\u{2014} a AAAAAAA=\n",
            "text\n\n",
            "text\n\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfq"
                + "dngotpRZb6KE6RyyBwJnAM=",
            "text\n\n- PeterNeumann AAAAAAA=\n",
            "text\n\n\u{2014} PeterNeumann\n",
            "text\n\n\u{2014} Peter+Neumann AAAAAAA=\n",
            "text\n\n\u{2014}  AAAAAAA=\n",
            "text\n\n\u{2014} Peter AAAA\n",
            "text\n\n\u{2014} Peter AAAAAAA\n",
            "text\n\n\u{2014} Peter AAAAAAA= \n",
            "text\n\n\u{2014} Peter AAAAAAA=\n\n",
            "te\u{7}xt\n\n\u{2014} Peter AAAAAAA=\n",
            "te\rxt\n\n\u{2014} Peter AAAAAAA=\n",
        ])
    func malformed(note: String) {
        #expect(throws: PHIGuardError(.noteInvalid, "")) { try SignedNote(parsing: note) }
    }

    @Test("More than 100 signatures are refused before any is checked")
    func tooManySignatures() throws {
        let line = "\u{2014} Someone AAAAAAA=\n"
        #expect(try SignedNote(parsing: "text\n\n" + String(repeating: line, count: 100)).signatures.count == 100)
        #expect(throws: PHIGuardError(.noteInvalid, "")) {
            try SignedNote(parsing: "text\n\n" + String(repeating: line, count: 101))
        }
    }

    @Test("Key names and key texts are checked", arguments: ["", "two words", "plus+sign", "tab\tname", "nbsp\u{A0}"])
    func badNames(name: String) throws {
        let key = try Ed25519.PrivateKey()
        #expect(throws: PHIGuardError(.noteInvalid, "")) { try NoteSigner(name: name, privateKey: key) }
    }

    @Test(
        "Malformed verifier keys are refused",
        arguments: [
            "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10",
            "PeterNeumann+c74f20+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "PeterNeumann+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        ])
    func badVerifierKeys(text: String) {
        #expect(throws: PHIGuardError(.noteInvalid, "")) { try NoteVerifier(verifierKey: text) }
    }

    @Test("A new key signs, formats its keys and round-trips them")
    func newKeyRoundTrip() throws {
        let signer = try NoteSigner(name: "phiguard.example/ledger", privateKey: Ed25519.PrivateKey())
        let restored = try NoteSigner(encodedPrivateKey: signer.encodedPrivateKey)
        #expect(restored.verifier == signer.verifier)
        #expect(try NoteVerifier(verifierKey: signer.verifier.verifierKey) == signer.verifier)
        #expect(!String(describing: signer).contains("PRIVATE"))

        let note = try signer.sign(text: "hello\n")
        let cosigner = try NoteSigner(name: "witness.example", privateKey: Ed25519.PrivateKey())
        let cosigned = try note.adding(cosigner.signature(forText: note.text))
        let opened = try SignedNote.open(cosigned.formatted, verifiers: [signer.verifier, cosigner.verifier])
        #expect(opened.verifiedSignatures.count == 2)
        #expect(throws: PHIGuardError(.noteInvalid, "")) { try signer.sign(text: "no newline") }
    }
}
