import Foundation
import PHIGuardCore
import PHIGuardStore

/// The append peer: one thread inserting rows copied from a real ledger (same columns, same sizes, same
/// statement) into a fresh store of the same schema and durability, in transactions of the size the ledger's
/// group commit reached, with no Merkle tree, no sealing and no hashing: what the storage alone costs.
struct PlainInsertPeer {
    /// The columns after `seq`, in `LedgerWriter`'s order.
    static let columns = [
        "leaf_hash", "nodes", "row_mac", "sealed_entry", "event_class", "action", "category", "outcome",
        "user_index", "patient_index", "occurred_at", "received_at",
    ]

    let store: any Store
    let rows: [[SQLValue]]

    init(store: any Store, rows: [[SQLValue]]) throws {
        guard !rows.isEmpty else { throw BenchFailure("the ledger wrote no rows to copy") }
        self.store = store
        self.rows = rows
    }

    /// Up to 4,096 rows of a ledger, as values in `columns` order.
    static func sampleRows(from store: any Store) throws -> [[SQLValue]] {
        let rows = try store.read { try $0.query("SELECT * FROM ledger_entries ORDER BY seq LIMIT 4096") }
        return rows.map { row in columns.map { row[$0] } }
    }

    /// Inserts until the deadline, `rowsPerCommit` rows per transaction.
    func run(rowsPerCommit: Int, duration: Double) throws -> AppendBench.Outcome {
        var next = 0
        var commits = 0
        let deadline = Deadline(seconds: duration)
        let elapsed = try seconds {
            while !deadline.passed {
                try store.write { connection in
                    for seq in next..<(next + rowsPerCommit) {
                        try insert(seq: seq, values: rows[seq % rows.count], on: connection)
                    }
                }
                next += rowsPerCommit
                commits += 1
            }
        }
        return AppendBench.Outcome(events: next, seconds: elapsed, commits: commits)
    }

    /// The very statement `LedgerWriter` runs.
    private func insert(seq: Int, values row: [SQLValue], on connection: any StoreConnection) throws {
        try connection.execute(
            """
            INSERT INTO ledger_entries (seq, leaf_hash, nodes, row_mac, sealed_entry, event_class, action,
                category, outcome, user_index, patient_index, occurred_at, received_at)
            VALUES (\(Int64(seq)), \(row[0]), \(row[1]), \(row[2]), \(row[3]), \(row[4]),
                \(row[5]), \(row[6]), \(row[7]), \(row[8]), \(row[9]),
                \(row[10]), \(row[11]))
            """
        )
    }
}
