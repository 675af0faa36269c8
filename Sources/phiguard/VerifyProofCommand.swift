import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardLedger

/// `phiguard ledger verify-proof`: checks a proof from the API against a signed checkpoint with only the
/// public key. It opens no store and needs no secret: it is the auditor's tool.
enum VerifyProofCommand {
    struct InclusionProof: Decodable {
        let index: Int
        let treeSize: Int
        let leafHash: String
        let hashes: [String]

        enum CodingKeys: String, CodingKey {
            case index, hashes
            case treeSize = "tree_size"
            case leafHash = "leaf_hash"
        }
    }

    struct ConsistencyProof: Decodable {
        let from: Int
        let to: Int
        let hashes: [String]
    }

    static func run(_ arguments: Arguments) throws {
        let own = try arguments.split(commandOptions: [
            "--checkpoint", "--key", "--inclusion", "--entry", "--consistency", "--old-checkpoint",
        ]).own
        guard let key = own["--key"], let checkpointFile = own["--checkpoint"] else {
            throw UsageError("verify-proof needs --key VKEY and --checkpoint FILE")
        }
        let verifier = try NoteVerifier(verifierKey: key)
        let checkpoint = try Checkpoint.open(try read(checkpointFile), verifiers: [verifier], origin: verifier.name)
        if let file = own["--inclusion"] {
            let proof = try JSON.decoder().decode(InclusionProof.self, from: Data(try read(file).utf8))
            var leaf = try [UInt8](hex: proof.leafHash)
            if let entryFile = own["--entry"] {
                let answer = try Array(Data(contentsOf: URL(fileURLWithPath: entryFile)))
                leaf = MerkleTree.leafHash(try canonicalEvent(in: answer))
                guard leaf.hex == proof.leafHash else {
                    throw PHIGuardError(.proofInvalid, "the entry does not hash to the proof's leaf hash")
                }
            }
            guard proof.treeSize == checkpoint.size else {
                throw PHIGuardError(
                    .proofInvalid, "the proof is for tree size \(proof.treeSize), the checkpoint is \(checkpoint.size)")
            }
            try MerkleTree.verifyInclusion(
                leafHash: leaf, index: proof.index, treeSize: proof.treeSize,
                proof: try proof.hashes.map { try [UInt8](base64: $0) }, root: checkpoint.rootHash)
            print("OK: entry \(proof.index) is in the log of \(checkpoint.size) entries signed by \(verifier.name)")
        } else if let file = own["--consistency"], let oldFile = own["--old-checkpoint"] {
            let old = try Checkpoint.open(try read(oldFile), verifiers: [verifier], origin: verifier.name)
            let proof = try JSON.decoder().decode(ConsistencyProof.self, from: Data(try read(file).utf8))
            guard proof.from == old.size, proof.to == checkpoint.size else {
                throw PHIGuardError(.proofInvalid, "the proof's sizes do not match the two checkpoints")
            }
            try MerkleTree.verifyConsistency(
                oldSize: old.size, newSize: checkpoint.size, oldRoot: old.rootHash, newRoot: checkpoint.rootHash,
                proof: try proof.hashes.map { try [UInt8](base64: $0) })
            print("OK: the log of \(checkpoint.size) entries extends the log of \(old.size) entries")
        } else {
            throw UsageError("verify-proof needs --inclusion FILE, or --consistency FILE with --old-checkpoint FILE")
        }
    }

    private static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PHIGuardError(.io, "cannot read \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The canonical event bytes inside an `/api/v1/ledger/entries/{index}` answer, or the file itself when it
    /// already is a canonical event.
    private static func canonicalEvent(in answer: [UInt8]) throws -> [UInt8] {
        let marker = Array("\"event\":".utf8)
        guard let start = answer.firstRange(of: marker)?.upperBound,
            let end = answer.lastRange(of: Array(",\"pruned\":".utf8))?.lowerBound
        else { return answer }
        return Array(answer[start..<end])
    }
}
