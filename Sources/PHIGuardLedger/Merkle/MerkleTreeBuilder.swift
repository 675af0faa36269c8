import PHIGuardCore

/// Computes the root of a growing log from a stream of leaf hashes, keeping only the right-edge frontier.
///
/// The frontier is the list of complete subtrees whose sizes are the set bits of the tree size, largest (and
/// leftmost) first: O(log n) hashes. Appending a leaf merges it with the frontier's trailing subtrees of equal
/// size, one node hash per merge, so appending `n` leaves costs fewer than `2n` hashes in total and no
/// allocation besides the hashes themselves. The root is available at any size by folding the frontier from
/// the right, O(log n) hashes.
///
/// Each merge is a newly complete subtree: `append(_:completedNode:)` reports them, with the leaf itself, so a
/// storage layer can write exactly the new `(level, index)` hashes in the transaction that appends the leaf.
public struct MerkleTreeBuilder: Sendable {
    /// The number of leaves appended so far.
    public private(set) var size: Int
    /// Hashes of the complete subtrees of the right edge, largest first.
    private var frontierHashes: [[UInt8]]

    /// Starts an empty tree.
    public init() {
        size = 0
        frontierHashes = []
        frontierHashes.reserveCapacity(Int.bitWidth)
    }

    /// Resumes a tree of `size` leaves from the stored hashes of its frontier: one read per set bit of `size`.
    ///
    /// - Throws: the source's error when a frontier hash is missing.
    public init(size: Int, source: some MerkleHashSource) throws {
        precondition(size >= 0, "a tree size is never negative")
        self.init()
        for node in Self.frontierAddresses(size: size) {
            frontierHashes.append(try source.hash(level: node.level, index: node.index))
        }
        self.size = size
    }

    /// The frontier: the complete subtrees that make up the tree, largest (leftmost) first.
    public var frontier: [MerkleNode] {
        zip(Self.frontierAddresses(size: size), frontierHashes).map { address, hash in
            MerkleNode(level: address.level, index: address.index, hash: hash)
        }
    }

    /// The root hash of the leaves appended so far; the empty root before the first.
    public var rootHash: [UInt8] {
        guard var root = frontierHashes.last else { return MerkleTree.emptyRoot }
        for hash in frontierHashes.dropLast().reversed() {
            root = MerkleTree.nodeHash(hash, root)
        }
        return root
    }

    /// Appends the next leaf hash.
    public mutating func append(_ leafHash: [UInt8]) {
        append(leafHash) { _ in }
    }

    /// Appends the next leaf hash and reports every subtree it completes, the leaf (level 0) first.
    ///
    /// - Parameter completedNode: called once per new complete subtree, lowest level first.
    public mutating func append(_ leafHash: [UInt8], completedNode: (MerkleNode) throws -> Void) rethrows {
        try append(subtree: leafHash, level: 0, completedNode: completedNode)
    }

    /// Appends a complete subtree of `2^level` leaves whose hash is known; see the reporting variant.
    public mutating func append(subtree hash: [UInt8], level: Int) {
        append(subtree: hash, level: level) { _ in }
    }

    /// Appends a complete subtree of `2^level` leaves whose hash is known (a leaf is level 0), and reports every
    /// subtree it completes, itself first. The tree size must be a multiple of `2^level`, so the new subtree
    /// starts where a subtree of its level may start: subtrees hashed apart, for example on other threads, join
    /// the tree exactly as their leaves would have.
    public mutating func append(subtree hash: [UInt8], level: Int, completedNode: (MerkleNode) throws -> Void)
        rethrows
    {
        precondition(MerkleTree.isHash(hash), "a subtree hash is 32 bytes")
        precondition(
            level >= 0 && level < Int.bitWidth - 2 && size & ((1 << level) - 1) == 0,
            "a subtree starts at a multiple of its size")
        var hash = hash
        var current = level
        try completedNode(MerkleNode(level: current, index: size >> current, hash: hash))
        while (size >> current) & 1 == 1 {
            hash = MerkleTree.nodeHash(frontierHashes.removeLast(), hash)
            current += 1
            try completedNode(MerkleNode(level: current, index: size >> current, hash: hash))
        }
        frontierHashes.append(hash)
        size += 1 << level
    }

    /// The addresses of the frontier of a tree of `size` leaves, largest first.
    static func frontierAddresses(size: Int) -> [(level: Int, index: Int)] {
        var addresses: [(level: Int, index: Int)] = []
        var level = Int.bitWidth - 1
        while level >= 0 {
            if (size >> level) & 1 == 1 { addresses.append((level, (size >> level) - 1)) }
            level -= 1
        }
        return addresses
    }
}
