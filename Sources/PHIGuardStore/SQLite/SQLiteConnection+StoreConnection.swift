internal import CSQLite
import PHIGuardCore

extension SQLiteConnection: StoreConnection {
    var dialect: SQLDialect { .sqlite }

    @discardableResult
    func execute(_ sql: SQL) throws -> Int {
        try withStatement(sql.text(for: .sqlite)) { statement in
            try statement.bind(sql.binds)
            while try statement.step() {}
            return Int(sqlite3_changes64(handle))
        }
    }

    func executeMany(_ statement: SQL, binds: [[SQLValue]]) throws {
        try withStatement(statement.text(for: .sqlite)) { prepared in
            for values in binds {
                try prepared.bind(values)
                while try prepared.step() {}
                sqlite3_reset(prepared.handle)
            }
        }
    }

    func query(_ sql: SQL) throws -> [Row] {
        try withStatement(sql.text(for: .sqlite)) { statement in
            try statement.bind(sql.binds)
            let columns = statement.columnNames()
            var rows: [Row] = []
            while try statement.step() {
                rows.append(Row(columns: columns, values: statement.values(count: columns.count)))
            }
            return rows
        }
    }

    func forEachRow(_ sql: SQL, _ body: (RowCursor) throws -> Void) throws {
        try withStatement(sql.text(for: .sqlite)) { statement in
            try statement.bind(sql.binds)
            while try statement.step() { try body(RowCursor(statement: statement.handle)) }
        }
    }
}
