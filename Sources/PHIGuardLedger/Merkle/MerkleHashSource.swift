/// Read access to the stored hashes of a log's complete subtrees, as a tiles layout keeps them.
///
/// Proof generation and root computation ask only for complete subtrees, O(log n) of them per call, so an
/// implementation can read each from storage on demand.
public protocol MerkleHashSource {
    /// The hash of the complete subtree of `2^level` leaves starting at leaf `index * 2^level`.
    ///
    /// - Throws: `PHIGuardError` with code `.treeHashMissing` when that subtree is not complete or not stored,
    ///   or the storage layer's error.
    func hash(level: Int, index: Int) throws -> [UInt8]
}
