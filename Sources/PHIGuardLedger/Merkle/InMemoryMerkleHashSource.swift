import PHIGuardCore

/// The stored levels of a log held in memory: one array per level with exactly the complete subtrees.
///
/// It is the layout a storage backend mirrors (a row per `(level, index)`), and what tests generate proofs
/// from. Level 0 holds the leaf hashes; level `l` holds the hashes of the `size >> l` complete subtrees of
/// `2^l` leaves.
public struct InMemoryMerkleHashSource: MerkleHashSource, Sendable {
    /// Complete subtree hashes, by level then index.
    public private(set) var levels: [[[UInt8]]] = []
    private var builder = MerkleTreeBuilder()

    /// Creates an empty log.
    public init() {}

    /// Creates a log from its leaf hashes.
    public init(leafHashes: some Sequence<[UInt8]>) {
        for leafHash in leafHashes { append(leafHash) }
    }

    /// The number of leaves.
    public var size: Int { builder.size }

    /// The root hash of the whole log.
    public var rootHash: [UInt8] { builder.rootHash }

    /// Appends a leaf hash and stores the subtrees it completes.
    public mutating func append(_ leafHash: [UInt8]) {
        builder.append(leafHash) { node in
            if levels.count == node.level { levels.append([]) }
            levels[node.level].append(node.hash)
        }
    }

    /// The hash of a stored complete subtree.
    ///
    /// - Throws: `PHIGuardError` with code `.treeHashMissing` when the subtree is not complete.
    public func hash(level: Int, index: Int) throws -> [UInt8] {
        guard level >= 0, level < levels.count, index >= 0, index < levels[level].count else {
            throw PHIGuardError(.treeHashMissing, "no complete subtree at that level and index")
        }
        return levels[level][index]
    }
}
