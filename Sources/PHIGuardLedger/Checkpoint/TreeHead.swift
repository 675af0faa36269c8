/// A log's size and root hash at one moment: what a checkpoint states.
public struct TreeHead: Sendable, Hashable {
    /// The number of leaves.
    public var size: Int
    /// The Merkle root over those leaves.
    public var rootHash: [UInt8]

    /// Creates a tree head.
    public init(size: Int, rootHash: [UInt8]) {
        self.size = size
        self.rootHash = rootHash
    }

    /// The tree head a checkpoint states.
    public init(_ checkpoint: Checkpoint) {
        self.init(size: checkpoint.size, rootHash: checkpoint.rootHash)
    }

    /// Whether the head could describe a tree at all: a non-negative size, a 32-byte root, and the empty root
    /// at size zero.
    var isWellFormed: Bool {
        size >= 0 && rootHash.count == MerkleTree.hashByteCount && (size > 0 || rootHash == MerkleTree.emptyRoot)
    }
}
