import PHIGuardCore

extension MerkleTree {
    /// The root hash of the first `treeSize` leaves, from stored complete subtrees.
    ///
    /// Reads one hash per set bit of `treeSize`: O(log n) reads and hashes.
    ///
    /// - Throws: `PHIGuardError` with code `.invalidInput` for a negative size, or the source's error.
    public static func rootHash(treeSize: Int, source: some MerkleHashSource) throws -> [UInt8] {
        guard treeSize >= 0 else { throw PHIGuardError(.invalidInput, "a tree size is never negative") }
        guard treeSize > 0 else { return emptyRoot }
        return try rangeHash(start: 0, count: treeSize, source: source)
    }

    /// The inclusion proof of leaf `index` in the tree of `treeSize` leaves (RFC 9162 section 2.1.3.1).
    ///
    /// The proof lists sibling hashes from the leaf upward. Every sibling left of the path is a complete
    /// subtree (one read); at most one sibling, on the right edge, is incomplete and is folded from the
    /// complete subtrees it contains. That is O(log n) reads in total, at most about `2 log2(n)`.
    ///
    /// - Throws: `PHIGuardError` with code `.proofInvalid` when `index` is not a leaf of the tree, or the
    ///   source's error.
    public static func inclusionProof(
        index: Int,
        treeSize: Int,
        source: some MerkleHashSource
    ) throws -> [[UInt8]] {
        guard index >= 0, index < treeSize else {
            throw PHIGuardError(.proofInvalid, "the leaf index is outside the tree")
        }
        var proof: [[UInt8]] = []
        var start = 0
        var size = treeSize
        var leaf = index
        while size > 1 {
            let split = splitPoint(size)
            if leaf < split {
                proof.append(try rangeHash(start: start + split, count: size - split, source: source))
                size = split
            } else {
                proof.append(try rangeHash(start: start, count: split, source: source))
                start += split
                leaf -= split
                size -= split
            }
        }
        return proof.reversed()
    }

    /// The consistency proof between the trees of `oldSize` and `newSize` leaves (RFC 9162 section 2.1.4.1).
    ///
    /// Equal sizes need no proof and give an empty one. As with inclusion proofs, at most one hash is of an
    /// incomplete subtree, so generation takes O(log n) reads.
    ///
    /// - Throws: `PHIGuardError` with code `.proofInvalid` unless `0 < oldSize <= newSize` (a proof from the
    ///   empty tree proves nothing and RFC 9162 defines none), or the source's error.
    public static func consistencyProof(
        from oldSize: Int,
        to newSize: Int,
        source: some MerkleHashSource
    ) throws -> [[UInt8]] {
        guard oldSize > 0, oldSize <= newSize else {
            throw PHIGuardError(.proofInvalid, "a consistency proof needs 0 < old size <= new size")
        }
        var proof: [[UInt8]] = []
        var start = 0
        var size = newSize
        var old = oldSize
        var oldIsWholeSubtree = true
        while old != size {
            let split = splitPoint(size)
            if old <= split {
                proof.append(try rangeHash(start: start + split, count: size - split, source: source))
                size = split
            } else {
                proof.append(try rangeHash(start: start, count: split, source: source))
                start += split
                old -= split
                size -= split
                oldIsWholeSubtree = false
            }
        }
        if !oldIsWholeSubtree {
            proof.append(try rangeHash(start: start, count: size, source: source))
        }
        return proof.reversed()
    }

    /// The new complete subtrees that appear when leaf `index` is appended, read from stored hashes.
    ///
    /// Appending leaf `index` completes the leaf itself and then one subtree per trailing one bit of `index`:
    /// each is the node hash of the stored left sibling (read from `source`) and the subtree just completed.
    /// A storage layer writes the returned nodes in the transaction that appends the leaf, so the stored
    /// levels always hold every complete subtree and nothing else. `MerkleTreeBuilder.append(_:completedNode:)`
    /// gives the same nodes from an in-memory frontier without any reads.
    ///
    /// - Returns: the nodes, the leaf (level 0) first.
    /// - Throws: the source's error when a left sibling is missing.
    public static func completedNodes(
        afterAppendingLeafAt index: Int,
        leafHash: [UInt8],
        source: some MerkleHashSource
    ) throws -> [MerkleNode] {
        precondition(index >= 0, "a leaf index is never negative")
        precondition(isHash(leafHash), "a leaf hash is 32 bytes")
        var nodes = [MerkleNode(level: 0, index: index, hash: leafHash)]
        var hash = leafHash
        var level = 0
        while (index >> level) & 1 == 1 {
            let sibling = try source.hash(level: level, index: (index >> level) - 1)
            hash = nodeHash(sibling, hash)
            level += 1
            nodes.append(MerkleNode(level: level, index: index >> level, hash: hash))
        }
        return nodes
    }

    /// The hash of leaves `start..<start+count` where `start` is a multiple of the largest power of two in
    /// `count` (true of every range a proof asks for): the complete subtrees the range splits into, largest
    /// first, folded from the right as RFC 6962 does for an incomplete tree. One read per set bit of `count`.
    static func rangeHash(start: Int, count: Int, source: some MerkleHashSource) throws -> [UInt8] {
        var hashes: [[UInt8]] = []
        var offset = start
        var level = Int.bitWidth - 2
        while level >= 0 {
            if (count >> level) & 1 == 1 {
                precondition(offset % (1 << level) == 0, "subtree ranges are aligned")
                hashes.append(try source.hash(level: level, index: offset >> level))
                offset += 1 << level
            }
            level -= 1
        }
        guard var hash = hashes.popLast() else { return emptyRoot }
        while let left = hashes.popLast() {
            hash = nodeHash(left, hash)
        }
        return hash
    }
}
