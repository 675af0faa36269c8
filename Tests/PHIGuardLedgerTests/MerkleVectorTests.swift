import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardLedger
import Testing

/// The transparency-dev Merkle proof vectors under `../shared/testdata/merkle`, read in place.
@Suite("Merkle proof vectors")
struct MerkleVectorTests {
    /// Sizes and indexes are Go `uint64`s; the API takes `Int`, so a value past `Int.max` (a leaf index of
    /// 2^64 - 1 in two vectors) cannot even be asked about and counts as rejected.
    struct InclusionVector: Decodable {
        var leafIdx: UInt64
        var treeSize: UInt64
        var root: String
        var leafHash: String
        var proof: [String]?
        var desc: String
        var wantErr: Bool
    }

    struct ConsistencyVector: Decodable {
        var size1: UInt64
        var size2: UInt64
        var root1: String
        var root2: String
        var proof: [String]?
        var desc: String
        var wantErr: Bool
    }

    /// The leaves of the tree the vectors were made from: the RFC 6962 reference test leaves.
    static let referenceLeaves: [[UInt8]] = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map { hex in (try? [UInt8](hex: hex)) ?? [] }

    static let inclusionFiles = TestData.jsonFiles(under: "merkle/inclusion")
    static let consistencyFiles = TestData.jsonFiles(under: "merkle/consistency")

    @Test("The shared vectors are present")
    func vectorsArePresent() {
        #expect(
            FileManager.default.fileExists(atPath: TestData.root.appendingPathComponent("merkle").path),
            "expected the Merkle vectors at \(TestData.root.path)/merkle")
        #expect(Self.inclusionFiles.count >= 70)
        #expect(Self.consistencyFiles.count >= 90)
    }

    @Test("Inclusion vectors verify or fail as expected", arguments: inclusionFiles)
    func inclusionVector(path: String) throws {
        let vector = try JSONDecoder().decode(InclusionVector.self, from: TestData.read(path))
        let proof = try (vector.proof ?? []).map { try [UInt8](base64: $0) }
        guard let index = Int(exactly: vector.leafIdx), let treeSize = Int(exactly: vector.treeSize) else {
            #expect(vector.wantErr, "\(vector.desc) should verify")
            return
        }
        let outcome = Result {
            try MerkleTree.verifyInclusion(
                leafHash: try [UInt8](base64: vector.leafHash), index: index, treeSize: treeSize,
                proof: proof, root: try [UInt8](base64: vector.root))
        }
        switch outcome {
        case .success: #expect(!vector.wantErr, "\(vector.desc) should fail")
        case .failure(let error):
            #expect(vector.wantErr, "\(vector.desc) should verify: \(error)")
            #expect((error as? PHIGuardError)?.code == .proofInvalid)
        }
    }

    @Test("Consistency vectors verify or fail as expected", arguments: consistencyFiles)
    func consistencyVector(path: String) throws {
        let vector = try JSONDecoder().decode(ConsistencyVector.self, from: TestData.read(path))
        let proof = try (vector.proof ?? []).map { try [UInt8](base64: $0) }
        guard let oldSize = Int(exactly: vector.size1), let newSize = Int(exactly: vector.size2) else {
            #expect(vector.wantErr, "\(vector.desc) should verify")
            return
        }
        let outcome = Result {
            try MerkleTree.verifyConsistency(
                oldSize: oldSize, newSize: newSize, oldRoot: try [UInt8](base64: vector.root1),
                newRoot: try [UInt8](base64: vector.root2), proof: proof)
        }
        switch outcome {
        case .success: #expect(!vector.wantErr, "\(vector.desc) should fail")
        case .failure(let error):
            #expect(vector.wantErr, "\(vector.desc) should verify: \(error)")
            #expect((error as? PHIGuardError)?.code == .proofInvalid)
        }
    }

    @Test("Generated inclusion proofs reproduce every passing vector on the reference leaves")
    func generatedInclusionMatches() throws {
        let leafHashes = Self.referenceLeaves.map(MerkleTree.leafHash)
        var compared = 0
        for path in Self.inclusionFiles {
            let vector = try JSONDecoder().decode(InclusionVector.self, from: TestData.read(path))
            guard !vector.wantErr, vector.treeSize <= leafHashes.count else { continue }
            let (index, treeSize) = (Int(vector.leafIdx), Int(vector.treeSize))
            let source = InMemoryMerkleHashSource(leafHashes: leafHashes.prefix(treeSize))
            guard try source.hash(level: 0, index: index).base64 == vector.leafHash else { continue }

            let proof = try MerkleTree.inclusionProof(index: index, treeSize: treeSize, source: source)
            #expect(proof.map(\.base64) == (vector.proof ?? []), "\(path)")
            #expect(try MerkleTree.rootHash(treeSize: treeSize, source: source).base64 == vector.root, "\(path)")
            compared += 1
        }
        #expect(compared == 5)
    }

    @Test("Generated consistency proofs reproduce every passing vector on the reference leaves")
    func generatedConsistencyMatches() throws {
        let leafHashes = Self.referenceLeaves.map(MerkleTree.leafHash)
        var compared = 0
        for path in Self.consistencyFiles {
            let vector = try JSONDecoder().decode(ConsistencyVector.self, from: TestData.read(path))
            guard !vector.wantErr, vector.size2 <= leafHashes.count else { continue }
            let (oldSize, newSize) = (Int(vector.size1), Int(vector.size2))
            let source = InMemoryMerkleHashSource(leafHashes: leafHashes.prefix(newSize))
            guard try MerkleTree.rootHash(treeSize: newSize, source: source).base64 == vector.root2 else { continue }

            let proof = try MerkleTree.consistencyProof(from: oldSize, to: newSize, source: source)
            #expect(proof.map(\.base64) == (vector.proof ?? []), "\(path)")
            #expect(try MerkleTree.rootHash(treeSize: oldSize, source: source).base64 == vector.root1, "\(path)")
            compared += 1
        }
        #expect(compared == 5)
    }
}
