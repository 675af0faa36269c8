import PHIGuardAccess
import PHIGuardCompliance
import PHIGuardIdentity
import PHIGuardLedger
import PHIGuardStore

/// The whole schema as one ordered list of migrations, gathered from the modules that own the tables.
///
/// Module statements use portable SQL; `portable(_:_:_:)` renders `BLOB` as `BYTEA` for PostgreSQL, the one
/// type name the two dialects spell differently in these tables.
enum Schema {
    static let migrations: [Migration] = [
        portable(1, "instance and keys", instanceTables),
        portable(2, "identity: users, sessions, API tokens", IdentitySchema.version1),
        portable(3, "audit ledger", LedgerSchema.version1),
        portable(4, "access control: policy versions, entity directory, decision log", AccessSchema.version1),
        portable(5, "breach response: incidents and breach cases", ComplianceSchema.version1),
        portable(6, "audit ledger: search indexes by block of entries", LedgerSchema.version2),
        portable(7, "access control: decision log keyed by time", AccessSchema.version2),
        Migration(
            version: 8, name: "audit ledger: the entry index as the SQLite rowid", sqlite: LedgerSchema.version3SQLite,
            postgres: []),
        Migration(
            version: 9, name: "access control: the decision log appended in rowid order on SQLite",
            sqlite: AccessSchema.version3SQLite, postgres: []),
    ]

    /// Instance-wide values (id, origin, public keys) and the wrapped data-encryption keys.
    static let instanceTables = [
        "CREATE TABLE instance_values (name TEXT PRIMARY KEY, value BLOB NOT NULL)",
        """
        CREATE TABLE data_keys (
            id TEXT NOT NULL,
            version BIGINT NOT NULL,
            wrapped TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (id, version)
        )
        """,
    ]

    static func portable(_ version: Int, _ name: String, _ statements: [String]) -> Migration {
        Migration(
            version: version,
            name: name,
            sqlite: statements,
            postgres: statements.map { $0.replacingOccurrences(of: "BLOB", with: "BYTEA") }
        )
    }
}
