import PHIGuardCore
import PHIGuardStore
import Testing

@Suite("Migrator, on every backend")
struct MigratorTests {
    static let migrations = [
        Migration(version: 1, name: "people", statements: ["CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)"]),
        Migration(
            version: 2, name: "people email",
            statements: [
                "ALTER TABLE people ADD COLUMN email TEXT", "CREATE UNIQUE INDEX people_email ON people (email)",
            ]
        ),
        Migration(
            version: 3, name: "blobs",
            sqlite: ["CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)"],
            postgres: ["CREATE TABLE blobs (id BIGSERIAL PRIMARY KEY, data BYTEA)"]
        ),
    ]

    @Test("migrations apply in order and reapplying changes nothing", arguments: Backend.allCases)
    func appliesInOrderIdempotently(backend: Backend) throws {
        let store = try backend.makeStore()
        defer { store.close() }
        try Migrator.apply(Array(Self.migrations.prefix(2)), to: store, logger: .disabled)
        #expect(try store.schemaVersion() == 2)

        try Migrator.apply(Self.migrations.reversed(), to: store, logger: .disabled)
        try Migrator.apply(Self.migrations, to: store, logger: .disabled)
        #expect(try store.schemaVersion() == 3)

        let rows = try store.read { connection in
            try connection.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
        }
        #expect(try rows.map { try $0.int("version") } == [1, 2, 3])
        #expect(try rows.map { try $0.string("name") } == ["people", "people email", "blobs"])
        try store.write { connection in
            try connection.execute("INSERT INTO people (id, name, email) VALUES (1, \("a"), \("a@example.org"))")
            try connection.execute("INSERT INTO blobs (data) VALUES (\([UInt8]([0, 1])))")
        }
    }

    @Test("a store with a newer schema is refused, naming both versions", arguments: Backend.allCases)
    func refusesNewerSchema(backend: Backend) throws {
        let store = try backend.makeStore()
        defer { store.close() }
        try Migrator.apply(Self.migrations, to: store, logger: .disabled)
        let error = try #require(throws: PHIGuardError.self) {
            try Migrator.apply(Array(Self.migrations.prefix(1)), to: store, logger: .disabled)
        }
        #expect(error.code == .schemaTooNew)
        #expect(error.reason.contains("3") && error.reason.contains("1"))
        #expect(try store.schemaVersion() == 3)
    }

    @Test("a failing migration leaves the schema at the previous version", arguments: Backend.allCases)
    func failingMigrationRollsBack(backend: Backend) throws {
        let store = try backend.makeStore()
        defer { store.close() }
        let broken =
            Self.migrations.prefix(1) + [
                Migration(version: 2, name: "broken", statements: ["CREATE TABLE t2 (id INTEGER)", "NOT SQL AT ALL"])
            ]
        #expect(throws: PHIGuardError.self) { try Migrator.apply(Array(broken), to: store, logger: .disabled) }
        #expect(try store.schemaVersion() == 1)
        try Migrator.apply(Self.migrations, to: store, logger: .disabled)
        #expect(try store.schemaVersion() == 3)
    }

    @Test(
        "a list with a gap or a duplicate is rejected",
        arguments: [[1, 3], [1, 1, 2], [2], [0, 1]]
    )
    func rejectsBadNumbering(versions: [Int]) throws {
        let store = try SQLiteStore.temporary()
        defer { store.close() }
        let migrations = versions.map { Migration(version: $0, name: "m\($0)", statements: []) }
        let error = try #require(throws: PHIGuardError.self) {
            try Migrator.apply(migrations, to: store, logger: .disabled)
        }
        #expect(error.code == .invalidInput)
        #expect(try store.schemaVersion() == 0)
    }
}
