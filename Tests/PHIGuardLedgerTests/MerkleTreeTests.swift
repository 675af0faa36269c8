import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardLedger
import Testing

@Suite("Merkle tree")
struct MerkleTreeTests {
    /// Counts reads, to check the O(log n) claims.
    struct CountingSource: MerkleHashSource {
        var inner: InMemoryMerkleHashSource
        let reads = Counter()

        final class Counter: @unchecked Sendable {  // Tests read and write it from one task only.
            var value = 0
        }

        func hash(level: Int, index: Int) throws -> [UInt8] {
            reads.value += 1
            return try inner.hash(level: level, index: index)
        }
    }

    static let sizes = Array(1...300) + [511, 512, 513, 1000, 1023, 1024, 1025, 4097]

    @Test("The hashes follow RFC 6962")
    func hashing() throws {
        #expect(MerkleTree.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(MerkleTree.leafHash([]).hex == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        let left = MerkleTree.leafHash([0x01])
        let right = MerkleTree.leafHash([0x02])
        #expect(MerkleTree.nodeHash(left, right) == SHA256.hash([0x01] + left + right))
    }

    @Test("The builder's root matches the RFC definition at every size")
    func builderRoot() {
        let leaves = leafHashes(count: 300)
        var builder = MerkleTreeBuilder()
        #expect(builder.rootHash == MerkleTree.emptyRoot)
        for size in 1...leaves.count {
            builder.append(leaves[size - 1])
            #expect(builder.size == size)
            #expect(builder.rootHash == ReferenceTree.root(leaves[..<size]))
        }
        #expect(MerkleTree.rootHash(leafHashes: leaves) == builder.rootHash)
    }

    @Test("Stored levels hold exactly the complete subtrees", arguments: [1, 2, 3, 7, 8, 100, 256, 257])
    func storedLevels(size: Int) throws {
        let leaves = leafHashes(count: size)
        let source = InMemoryMerkleHashSource(leafHashes: leaves)
        for level in source.levels.indices {
            let width = 1 << level
            #expect(source.levels[level].count == size >> level)
            for index in source.levels[level].indices {
                let start = index * width
                #expect(source.levels[level][index] == ReferenceTree.root(leaves[start..<start + width]))
            }
        }
        #expect(throws: PHIGuardError(.treeHashMissing, "")) { try source.hash(level: 0, index: size) }
    }

    @Test("Completed nodes from stored hashes match the builder's report", arguments: [1, 2, 5, 64, 129, 300])
    func completedNodes(size: Int) throws {
        var source = InMemoryMerkleHashSource()
        var builder = MerkleTreeBuilder()
        for leaf in leafHashes(count: size) {
            let stored = try MerkleTree.completedNodes(
                afterAppendingLeafAt: source.size, leafHash: leaf, source: source)
            var reported: [MerkleNode] = []
            builder.append(leaf) { reported.append($0) }
            source.append(leaf)
            #expect(stored == reported)
            for node in stored { #expect(try source.hash(level: node.level, index: node.index) == node.hash) }
        }
    }

    @Test("A builder resumed from stored hashes continues the same tree", arguments: [0, 1, 6, 255, 256, 300])
    func resumedBuilder(size: Int) throws {
        let leaves = leafHashes(count: size + 20)
        let source = InMemoryMerkleHashSource(leafHashes: leaves.prefix(size))
        var resumed = try MerkleTreeBuilder(size: size, source: source)
        #expect(resumed.frontier.count == size.nonzeroBitCount)
        #expect(resumed.rootHash == source.rootHash)
        for leaf in leaves.dropFirst(size) { resumed.append(leaf) }
        #expect(resumed.rootHash == MerkleTree.rootHash(leafHashes: leaves))
    }

    @Test("Subtrees hashed apart join the tree as their leaves would", arguments: [0, 1, 2, 4])
    func joinedSubtrees(level: Int) {
        let leaves = leafHashes(count: 100)
        var whole = MerkleTreeBuilder()
        var joined = MerkleTreeBuilder()
        for start in stride(from: 0, to: leaves.count, by: 1 << level) {
            var part = MerkleTreeBuilder()
            for leaf in leaves[start..<min(start + (1 << level), leaves.count)] { part.append(leaf) }
            var fromLeaves: [MerkleNode] = []
            for leaf in leaves[start..<start + part.size] { whole.append(leaf) { fromLeaves.append($0) } }
            var fromParts: [MerkleNode] = []
            for node in part.frontier {
                joined.append(subtree: node.hash, level: node.level) { fromParts.append($0) }
            }
            // Every subtree the joins complete is one the leaves completed, at the same address.
            #expect(fromParts.allSatisfy(fromLeaves.contains))
            #expect(joined.size == whole.size)
            #expect(joined.rootHash == whole.rootHash)
        }
        #expect(joined.rootHash == MerkleTree.rootHash(leafHashes: leaves))
    }

    @Test("Generated inclusion proofs verify and match the RFC definition", arguments: sizes)
    func inclusionProofs(size: Int) throws {
        let leaves = leafHashes(count: size, seed: UInt64(size))
        let source = CountingSource(inner: InMemoryMerkleHashSource(leafHashes: leaves))
        let root = try MerkleTree.rootHash(treeSize: size, source: source)
        #expect(root == ReferenceTree.root(leaves[...]))
        var generator = SeededGenerator(state: UInt64(size))
        let indexes = Set([0, size - 1, size / 2] + (0..<4).map { _ in Int.random(in: 0..<size, using: &generator) })
        for index in indexes {
            source.reads.value = 0
            let proof = try MerkleTree.inclusionProof(index: index, treeSize: size, source: source)
            #expect(source.reads.value <= 2 * (Int.bitWidth - size.leadingZeroBitCount))
            #expect(proof == ReferenceTree.path(index, leaves[...]))
            try MerkleTree.verifyInclusion(
                leafHash: leaves[index], index: index, treeSize: size, proof: proof, root: root)
            #expect(throws: PHIGuardError(.proofInvalid, "")) {
                try MerkleTree.verifyInclusion(
                    leafHash: MerkleTree.leafHash([0xFF]), index: index, treeSize: size, proof: proof, root: root)
            }
        }
    }

    @Test("Generated consistency proofs verify and match the RFC definition", arguments: sizes)
    func consistencyProofs(size: Int) throws {
        let leaves = leafHashes(count: size, seed: UInt64(size))
        let source = CountingSource(inner: InMemoryMerkleHashSource(leafHashes: leaves))
        let newRoot = source.inner.rootHash
        var generator = SeededGenerator(state: UInt64(size) << 8)
        let olds = Set(
            [1, size, max(1, size - 1), (size + 1) / 2]
                + (0..<4).map { _ in Int.random(in: 1...size, using: &generator) })
        for old in olds {
            source.reads.value = 0
            let proof = try MerkleTree.consistencyProof(from: old, to: size, source: source)
            #expect(source.reads.value <= 2 * (Int.bitWidth - size.leadingZeroBitCount))
            #expect(proof == ReferenceTree.proof(old, leaves[...]))
            let oldRoot = ReferenceTree.root(leaves[..<old])
            try MerkleTree.verifyConsistency(
                oldSize: old, newSize: size, oldRoot: oldRoot, newRoot: newRoot, proof: proof)
            guard old < size else { continue }
            #expect(throws: PHIGuardError(.proofInvalid, "")) {
                try MerkleTree.verifyConsistency(
                    oldSize: old, newSize: size, oldRoot: MerkleTree.leafHash([0xFF]), newRoot: newRoot, proof: proof)
            }
        }
    }

    @Test("Proofs outside the tree are refused")
    func proofsOutsideTheTree() throws {
        let source = InMemoryMerkleHashSource(leafHashes: leafHashes(count: 5))
        #expect(throws: PHIGuardError(.proofInvalid, "")) {
            try MerkleTree.inclusionProof(index: 5, treeSize: 5, source: source)
        }
        #expect(throws: PHIGuardError(.proofInvalid, "")) {
            try MerkleTree.consistencyProof(from: 0, to: 5, source: source)
        }
        #expect(throws: PHIGuardError(.proofInvalid, "")) {
            try MerkleTree.consistencyProof(from: 4, to: 3, source: source)
        }
        #expect(throws: PHIGuardError(.treeHashMissing, "")) { try MerkleTree.rootHash(treeSize: 6, source: source) }
        #expect(try MerkleTree.consistencyProof(from: 5, to: 5, source: source).isEmpty)
    }

    @Test("Streaming a large log through the builder (prints its rate, asserts nothing on time)")
    func streamingRate() {
        let count = 200_000
        let leaf = MerkleTree.leafHash([0x2A])
        let clock = ContinuousClock()
        var builder = MerkleTreeBuilder()
        let elapsed = clock.measure {
            for _ in 0..<count { builder.append(leaf) }
            _ = builder.rootHash
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        print("MerkleTreeBuilder: \(count) leaf hashes in \(elapsed), \(Int(Double(count) / seconds)) leaves/s")
        #expect(builder.size == count)
    }
}
