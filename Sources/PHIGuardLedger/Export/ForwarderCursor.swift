import Foundation
import PHIGuardCore
import PHIGuardStore

/// The durable cursor of a forwarder: its row in `ledger_forwarders`.
struct ForwarderCursor {
    let store: any Store
    let name: String

    /// The row, created at 0 on first use.
    func load() throws -> (next: Int, lastError: String?, updatedAt: Int64) {
        if let row = try store.read({ try $0.first(select) }) { return try Self.decode(row) }
        return try store.write { connection in
            if let row = try connection.first(select) { return try Self.decode(row) }
            let now = Self.now()
            try connection.execute(
                "INSERT INTO ledger_forwarders (name, next_seq, last_error, updated_at) VALUES (\(name), 0, NULL, \(now))"
            )
            return (0, nil, now)
        }
    }

    /// Moves the cursor from `expected` to `next` and clears the error; fails when another writer moved it.
    func advance(from expected: Int, to next: Int) throws {
        let changed = try store.write { connection in
            try connection.execute(
                """
                UPDATE ledger_forwarders SET next_seq = \(next), last_error = NULL, updated_at = \(Self.now())
                WHERE name = \(name) AND next_seq = \(expected)
                """)
        }
        guard changed == 1 else {
            throw PHIGuardError(.conflict, "another forwarder with the same name moved the cursor")
        }
    }

    /// Records a failure as safe text.
    func recordError(_ text: String) throws {
        try store.write { connection in
            try connection.execute(
                "UPDATE ledger_forwarders SET last_error = \(text), updated_at = \(Self.now()) WHERE name = \(name)")
        }
    }

    private var select: SQL {
        "SELECT next_seq, last_error, updated_at FROM ledger_forwarders WHERE name = \(name)"
    }

    private static func decode(_ row: Row) throws -> (next: Int, lastError: String?, updatedAt: Int64) {
        (Int(try row.int("next_seq")), row.optionalString("last_error"), try row.int("updated_at"))
    }

    private static func now() -> Int64 {
        (try? AuditTime(Date())).map(\.millisecondsSince1970) ?? 0
    }
}
