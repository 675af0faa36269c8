/// A complete (perfect) subtree of the log, addressed the way a tiles layout stores it.
///
/// The node at `level` and `index` covers the `2^level` leaves starting at leaf `index * 2^level`; level 0 holds
/// the leaf hashes themselves. Only complete subtrees have an address: the incomplete right edge of a tree is
/// always computed from the complete subtrees it contains.
public struct MerkleNode: Sendable, Hashable {
    /// The height of the subtree: it covers `2^level` leaves.
    public var level: Int
    /// The position of the subtree among those of its level, from the left.
    public var index: Int
    /// The subtree's hash.
    public var hash: [UInt8]

    /// Creates a node.
    public init(level: Int, index: Int, hash: [UInt8]) {
        self.level = level
        self.index = index
        self.hash = hash
    }
}
