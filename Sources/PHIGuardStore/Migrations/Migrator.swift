import Foundation
import PHIGuardCore

/// Brings a store's schema up to date, one migration per transaction, and refuses a schema it does not know.
///
/// Applied versions are recorded in `schema_migrations`. Several servers may start at once against one
/// PostgreSQL database: each migration takes a transaction-scoped advisory lock and re-reads the version, so
/// each step runs exactly once.
public enum Migrator {
    /// Advisory lock key that serializes migrations on PostgreSQL ("PHIGmigr" as ASCII).
    private static let lockKey: Int64 = 0x5048_4947_6D69_6772

    /// Applies every migration the store lacks, in order.
    ///
    /// - Parameters:
    ///   - migrations: The full list, numbered 1 through n; order in the array does not matter.
    ///   - store: The store to migrate.
    ///   - logger: Told each version applied.
    /// - Throws: `input.invalid` when the list has gaps or duplicates; `store.schema_too_new` when the store
    ///   records a version above the highest one known; store errors from the statements themselves.
    public static func apply(_ migrations: [Migration], to store: any Store, logger: Logger) throws {
        let ordered = try validated(migrations)
        let known = ordered.last?.version ?? 0

        let recorded = try store.write { connection in
            try lock(connection)
            try createTable(on: connection)
            return try recordedVersion(on: connection)
        }
        guard recorded <= known else {
            throw PHIGuardError(
                .schemaTooNew,
                "the store's schema is at version \(recorded), newer than version \(known) known to this build"
            )
        }

        for migration in ordered where migration.version > recorded {
            try apply(migration, to: store, logger: logger)
        }
    }

    /// The highest version recorded in `schema_migrations`, or 0 when the table does not exist yet.
    public static func recordedVersion(on connection: any StoreConnection) throws -> Int {
        let exists: SQL =
            connection.dialect == .sqlite
            ? "SELECT count(*) AS found FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            : """
            SELECT count(*) AS found FROM pg_catalog.pg_tables
            WHERE tablename = 'schema_migrations' AND schemaname = current_schema()
            """
        guard try connection.first(exists)?.int("found") ?? 0 > 0 else { return 0 }
        let row = try connection.first("SELECT max(version) AS version FROM schema_migrations")
        return Int(row?.optionalInt("version") ?? 0)
    }

    /// Checks that the versions run 1 through n exactly once each, and sorts them.
    static func validated(_ migrations: [Migration]) throws -> [Migration] {
        let ordered = migrations.sorted { $0.version < $1.version }
        for (offset, migration) in ordered.enumerated() where migration.version != offset + 1 {
            throw PHIGuardError(
                .invalidInput,
                "migrations must be numbered 1 through \(ordered.count) once each; "
                    + "found \(migration.version) at position \(offset + 1)"
            )
        }
        return ordered
    }

    private static func apply(_ migration: Migration, to store: any Store, logger: Logger) throws {
        let applied = try store.write { connection -> Bool in
            try lock(connection)
            // Another server may have applied it between our first look and this lock.
            guard try recordedVersion(on: connection) < migration.version else { return false }
            for statement in migration.statements(for: connection.dialect) {
                try run(statement, on: connection)
            }
            let now = ISO8601.format(Date())
            try connection.execute(
                """
                INSERT INTO schema_migrations (version, name, applied_at)
                VALUES (\(migration.version), \(migration.name), \(now))
                """
            )
            return true
        }
        if applied {
            logger.info("schema migration applied", [.schemaVersion: .int(migration.version)])
        }
    }

    private static func createTable(on connection: any StoreConnection) throws {
        try run(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL
            )
            """,
            on: connection
        )
    }

    private static func lock(_ connection: any StoreConnection) throws {
        // SQLite needs nothing more: `BEGIN IMMEDIATE` already serializes writers.
        guard connection.dialect == .postgres else { return }
        _ = try connection.query("SELECT pg_advisory_xact_lock(\(lockKey))")
    }

    private static func run(_ statement: String, on connection: any StoreConnection) throws {
        if let runner = connection as? any ScriptRunning {
            try runner.runScript(statement)
        } else {
            try connection.execute(SQL(stringLiteral: statement))
        }
    }
}
