import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardHTTP
import PHIGuardIdentity
import PHIGuardLedger

/// The verifiable log over HTTP: signed checkpoints, entries and RFC 9162 proofs.
struct LedgerRoutes {
    let context: ServerContext

    func register(on router: Router) {
        router.get(
            "/api/v1/ledger/checkpoint", summary: "The latest signed checkpoint (C2SP signed note)", tag: "ledger"
        ) {
            request in
            _ = try context.authenticate(request, scope: .auditRead)
            guard let note = try context.ledger.latestSignedCheckpoint() else {
                throw Problem.notFound("No checkpoint has been signed yet.")
            }
            return .text(note)
        }
        router.post("/api/v1/ledger/checkpoint", summary: "Sign a checkpoint of the current tree now", tag: "ledger") {
            request in
            _ = try context.authenticate(request, scope: .auditWrite)
            _ = try context.publishCheckpoint()
            guard let note = try context.ledger.latestSignedCheckpoint() else {
                throw Problem.notFound("The ledger is empty: there is nothing to sign.")
            }
            return .text(note, status: 201)
        }
        router.get("/api/v1/ledger/key", summary: "The checkpoint verifier key (C2SP vkey)", tag: "ledger") { _ in
            .text(context.ledger.verifierKey + "\n")
        }
        router.get("/api/v1/ledger/entries/{index}", summary: "One ledger entry with its leaf hash", tag: "ledger") {
            request in
            _ = try context.authenticate(request, scope: .auditRead)
            let index = try Self.integer(request.pathParameters["index"], name: "index")
            do {
                var response = HTTPResponse(body: AuditJSON.entry(try context.ledger.entry(at: index)))
                response.headers.set("Content-Type", "application/json")
                return response
            } catch let error as PHIGuardError where error.code == .notFound {
                throw Problem.notFound("No ledger entry at index \(index).")
            }
        }
        router.get("/api/v1/ledger/proof/inclusion", summary: "RFC 9162 inclusion proof", tag: "ledger") { request in
            _ = try context.authenticate(request, scope: .auditRead)
            let index = try Self.integer(request.query["index"], name: "index")
            let size = try Self.integer(request.query["size"], name: "size")
            let proof = try Self.proof { try context.ledger.inclusionProof(index: index, treeSize: size) }
            let leaf = try context.ledger.entry(at: index).leafHash
            return try .json(
                InclusionAnswer(index: index, treeSize: size, leafHash: leaf.hex, hashes: proof.map(\.base64)))
        }
        router.get("/api/v1/ledger/proof/consistency", summary: "RFC 9162 consistency proof", tag: "ledger") {
            request in
            _ = try context.authenticate(request, scope: .auditRead)
            let from = try Self.integer(request.query["from"], name: "from")
            let to = try Self.integer(request.query["to"], name: "to")
            let proof = try Self.proof { try context.ledger.consistencyProof(from: from, to: to) }
            return try .json(ConsistencyAnswer(from: from, to: to, hashes: proof.map(\.base64)))
        }
    }

    struct InclusionAnswer: Codable {
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

    struct ConsistencyAnswer: Codable {
        let from: Int
        let to: Int
        let hashes: [String]
    }

    private static func integer(_ text: String?, name: String) throws -> Int {
        guard let text else {
            throw Problem.badRequest(
                "The parameter \(name) is required.", errors: [.init(pointer: name, detail: "is required")])
        }
        guard let value = Int(text), value >= 0 else {
            throw Problem.badRequest(
                "The parameter \(name) must be a whole number.",
                errors: [.init(pointer: name, detail: "not a whole number")])
        }
        return value
    }

    private static func proof(_ body: () throws -> [[UInt8]]) throws -> [[UInt8]] {
        do {
            return try body()
        } catch let error as PHIGuardError where error.code == .proofInvalid {
            throw Problem.unprocessable(error.reason.capitalizedFirst + ".")
        }
    }
}
