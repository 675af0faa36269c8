import PHIGuardCore
import PHIGuardStore

/// Reads complete-subtree hashes from `ledger_entries` inside an open store block: one point read each.
public struct StoredMerkleHashSource: MerkleHashSource {
    private let connection: any StoreConnection

    public init(connection: any StoreConnection) {
        self.connection = connection
    }

    public func hash(level: Int, index: Int) throws -> [UInt8] {
        let closer = Int64(((index + 1) << level) - 1)
        guard let row = try connection.first("SELECT leaf_hash, nodes FROM ledger_entries WHERE seq = \(closer)")
        else {
            throw PHIGuardError(.treeHashMissing, "no stored entry closes this subtree")
        }
        if level == 0 { return try row.bytes("leaf_hash") }
        let nodes = try row.bytes("nodes")
        let end = level * MerkleTree.hashByteCount
        guard nodes.count >= end else {
            throw PHIGuardError(.treeHashMissing, "the stored entry lacks this subtree's hash")
        }
        return Array(nodes[(end - MerkleTree.hashByteCount)..<end])
    }
}
