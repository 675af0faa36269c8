import Foundation
import PHIGuardCrypto
import PHIGuardLedger
import Testing

/// Where the shared vectors live: `../shared/testdata` beside the repository root, the root being three levels
/// above this file (Tests/PHIGuardLedgerTests/TestSupport.swift). A git worktree sits one level deeper than the
/// main checkout, so the nearest ancestor holding `shared/testdata` is used. The vectors are read in place.
enum TestData {
    static let root: URL = {
        let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
        var directory = repositoryRoot.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/testdata")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent("../shared/testdata").standardizedFileURL
    }()

    /// The paths, relative to `root`, of every JSON file under `directory`, sorted; empty when it is missing.
    static func jsonFiles(under directory: String) -> [String] {
        let base = root.appendingPathComponent(directory)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".json") }
            .map { "\(directory)/\($0)" }
            .sorted()
    }

    /// The bytes of a file under `root`.
    static func read(_ relativePath: String) throws -> Data {
        let url = root.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            Issue.record("missing shared test data \(url.path): the vectors live in /work/shared/testdata")
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }
}

/// A small deterministic generator (SplitMix64) so random trees are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// The RFC 9162 section 2.1 definitions written as literally as possible over leaves in memory: slow, but a
/// second opinion on the iterative code.
enum ReferenceTree {
    static func root(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        if leaves.isEmpty { return MerkleTree.emptyRoot }
        if leaves.count == 1 { return leaves[leaves.startIndex] }
        let split = leaves.startIndex + largestPowerOfTwo(below: leaves.count)
        return MerkleTree.nodeHash(root(leaves[..<split]), root(leaves[split...]))
    }

    static func path(_ index: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        if leaves.count <= 1 { return [] }
        let k = largestPowerOfTwo(below: leaves.count)
        let split = leaves.startIndex + k
        if index < k { return path(index, leaves[..<split]) + [root(leaves[split...])] }
        return path(index - k, leaves[split...]) + [root(leaves[..<split])]
    }

    static func proof(_ old: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        subproof(old, leaves, whole: true)
    }

    private static func subproof(_ old: Int, _ leaves: ArraySlice<[UInt8]>, whole: Bool) -> [[UInt8]] {
        if old == leaves.count { return whole ? [] : [root(leaves)] }
        let k = largestPowerOfTwo(below: leaves.count)
        let split = leaves.startIndex + k
        if old <= k { return subproof(old, leaves[..<split], whole: whole) + [root(leaves[split...])] }
        return subproof(old - k, leaves[split...], whole: false) + [root(leaves[..<split])]
    }

    private static func largestPowerOfTwo(below size: Int) -> Int {
        var power = 1
        while power * 2 < size { power *= 2 }
        return power
    }
}

/// Leaf hashes of `count` distinct entries.
func leafHashes(count: Int, seed: UInt64 = 1) -> [[UInt8]] {
    var generator = SeededGenerator(state: seed)
    return (0..<count).map { _ in MerkleTree.leafHash((0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
