import PHIGuardCore

extension MerkleTree {
    /// Checks that `leafHash` is leaf `index` of the tree of `treeSize` leaves with root `root`
    /// (RFC 9162 section 2.1.3.2).
    ///
    /// Every hash must be 32 bytes; the proof must have exactly the length the index and size call for.
    ///
    /// - Throws: `PHIGuardError` with code `.proofInvalid`, with the first reason found, when the proof fails.
    public static func verifyInclusion(
        leafHash: [UInt8],
        index: Int,
        treeSize: Int,
        proof: [[UInt8]],
        root: [UInt8]
    ) throws {
        guard index >= 0, index < treeSize else { throw proofFailure("the leaf index is outside the tree") }
        guard isHash(leafHash), isHash(root), proof.allSatisfy(isHash) else {
            throw proofFailure("a hash is not 32 bytes")
        }
        let computed = try rootFromInclusionProof(leafHash: leafHash, index: index, treeSize: treeSize, proof: proof)
        guard computed == root else { throw proofFailure("the inclusion proof leads to a different root") }
    }

    /// Checks that the tree of `newSize` leaves with root `newRoot` extends the tree of `oldSize` leaves with
    /// root `oldRoot` (RFC 9162 section 2.1.4.2).
    ///
    /// Equal sizes need an empty proof and identical roots. RFC 9162 defines consistency proofs for
    /// `0 < oldSize < newSize` only; a proof from the empty tree is refused rather than accepted vacuously.
    ///
    /// - Throws: `PHIGuardError` with code `.proofInvalid`, with the first reason found, when the proof fails.
    public static func verifyConsistency(
        oldSize: Int,
        newSize: Int,
        oldRoot: [UInt8],
        newRoot: [UInt8],
        proof: [[UInt8]]
    ) throws {
        guard oldSize <= newSize else { throw proofFailure("the old tree is larger than the new one") }
        guard oldSize > 0 else { throw proofFailure("consistency with the empty tree is undefined") }
        if oldSize == newSize {
            guard proof.isEmpty else { throw proofFailure("equal sizes take an empty proof") }
            guard oldRoot == newRoot else { throw proofFailure("equal sizes with different roots") }
            return
        }
        guard !proof.isEmpty else { throw proofFailure("the consistency proof is empty") }
        guard isHash(oldRoot), isHash(newRoot), proof.allSatisfy(isHash) else {
            throw proofFailure("a hash is not 32 bytes")
        }
        let (computedOld, computedNew) = try rootsFromConsistencyProof(
            oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, proof: proof)
        guard computedOld == oldRoot else { throw proofFailure("the consistency proof leads to a different old root") }
        guard computedNew == newRoot else { throw proofFailure("the consistency proof leads to a different new root") }
    }

    /// The root an inclusion proof leads to, following RFC 9162 section 2.1.3.2 steps 2 to 5.
    private static func rootFromInclusionProof(
        leafHash: [UInt8],
        index: Int,
        treeSize: Int,
        proof: [[UInt8]]
    ) throws -> [UInt8] {
        var position = index
        var last = treeSize - 1
        var hash = leafHash
        for sibling in proof {
            guard last != 0 else { throw proofFailure("the inclusion proof is too long") }
            if position & 1 == 1 || position == last {
                hash = nodeHash(sibling, hash)
                while position & 1 == 0, position != 0 {
                    position >>= 1
                    last >>= 1
                }
            } else {
                hash = nodeHash(hash, sibling)
            }
            position >>= 1
            last >>= 1
        }
        guard last == 0 else { throw proofFailure("the inclusion proof is too short") }
        return hash
    }

    /// The old and new roots a consistency proof leads to, following RFC 9162 section 2.1.4.2 steps 2 to 7.
    private static func rootsFromConsistencyProof(
        oldSize: Int,
        newSize: Int,
        oldRoot: [UInt8],
        proof: [[UInt8]]
    ) throws -> (old: [UInt8], new: [UInt8]) {
        let path = oldSize.nonzeroBitCount == 1 ? [oldRoot] + proof : proof
        var oldPosition = oldSize - 1
        var newPosition = newSize - 1
        while oldPosition & 1 == 1 {
            oldPosition >>= 1
            newPosition >>= 1
        }
        var oldHash = path[0]
        var newHash = path[0]
        for hash in path.dropFirst() {
            guard newPosition != 0 else { throw proofFailure("the consistency proof is too long") }
            if oldPosition & 1 == 1 || oldPosition == newPosition {
                oldHash = nodeHash(hash, oldHash)
                newHash = nodeHash(hash, newHash)
                while oldPosition & 1 == 0, oldPosition != 0 {
                    oldPosition >>= 1
                    newPosition >>= 1
                }
            } else {
                newHash = nodeHash(newHash, hash)
            }
            oldPosition >>= 1
            newPosition >>= 1
        }
        guard newPosition == 0 else { throw proofFailure("the consistency proof is too short") }
        return (oldHash, newHash)
    }

    private static func proofFailure(_ reason: String, fileID: String = #fileID, line: Int = #line) -> PHIGuardError {
        PHIGuardError(.proofInvalid, reason, fileID: fileID, line: line)
    }
}
