import PHIGuardCore
import PHIGuardCrypto
import PHIGuardLedger
import Testing

@Suite("Checkpoints")
struct CheckpointTests {
    static let root = MerkleTree.rootHash(leafHashes: leafHashes(count: 5))

    @Test("A checkpoint formats and parses its body exactly")
    func bodyRoundTrip() throws {
        let checkpoint = try Checkpoint(origin: "phiguard.example/ledger", size: 5, rootHash: Self.root)
        #expect(checkpoint.text == "phiguard.example/ledger\n5\n\(Self.root.base64)\n")
        #expect(try Checkpoint(text: checkpoint.text) == checkpoint)

        let extended = try Checkpoint(origin: "o", size: 0, rootHash: MerkleTree.emptyRoot, extensions: ["x y", "z"])
        #expect(try Checkpoint(text: extended.text) == extended)
        #expect(extended.text.hasSuffix("\nx y\nz\n"))
    }

    @Test(
        "Malformed bodies are refused",
        arguments: [
            "", "o\n5\n", "o\n5\nAAAA\n", "\n5\n\(root.base64)\n", "o\n05\n\(root.base64)\n", "o\n+5\n\(root.base64)\n",
            "o\n-5\n\(root.base64)\n", "o\n5 \n\(root.base64)\n", "o\n99999999999999999999\n\(root.base64)\n",
            "o\n5\n\(root.base64.dropLast())\n", "o\n5\n\(root.base64)", "o\n5\n\(root.base64)\n\n",
            "o\n5\n\(root.base64)\next\n\nmore\n", "o\n5\n\(root.base64)\r\n",
        ])
    func malformed(text: String) {
        #expect(throws: PHIGuardError(.checkpointInvalid, "")) { try Checkpoint(text: text) }
    }

    @Test("A checkpoint is signed under its origin and opened with the log's key")
    func signAndOpen() throws {
        let origin = "phiguard.example/ledger"
        let log = try NoteSigner(name: origin, privateKey: Ed25519.PrivateKey())
        let checkpoint = try Checkpoint(origin: origin, size: 5, rootHash: Self.root)
        let note = try checkpoint.signed(by: log)
        #expect(note.formatted.hasPrefix(checkpoint.text + "\n\u{2014} \(origin) "))
        #expect(try Checkpoint.open(note.formatted, verifiers: [log.verifier], origin: origin) == checkpoint)

        #expect(throws: PHIGuardError(.checkpointInvalid, "")) {
            try Checkpoint.open(note.formatted, verifiers: [log.verifier], origin: "another.example/ledger")
        }
        let other = try NoteSigner(name: "other.example", privateKey: Ed25519.PrivateKey())
        #expect(throws: PHIGuardError(.checkpointInvalid, "")) { try checkpoint.signed(by: other) }
        let foreign = try other.sign(text: checkpoint.text)
        #expect(throws: PHIGuardError(.checkpointInvalid, "")) {
            try Checkpoint.open(foreign.formatted, verifiers: [other.verifier])
        }
        #expect(throws: PHIGuardError(.noteInvalid, "")) {
            try Checkpoint.open(note.formatted, verifiers: [other.verifier])
        }
    }
}
