import Foundation
import PHIGuardCore
import PHIGuardLedger
import PHIGuardStore
import Synchronization

/// Counts the write transactions a store commits, to learn the ledger's group-commit batch size.
final class CommitCounter: Sendable {
    private let writes = Atomic(0)

    var count: Int { writes.load(ordering: .relaxed) }

    var observer: StoreObserver {
        { [self] operation, _ in
            if operation == "write" { writes.add(1, ordering: .relaxed) }
        }
    }
}

/// Where bench stores live: fresh SQLite files in one temporary directory, or fresh databases on one throwaway
/// PostgreSQL server. Everything is removed by `close()`.
final class BenchStores: Sendable {
    enum Backend: String {
        case sqlite = "SQLite"
        case postgres = "PostgreSQL"

        /// The `--only` name of the backend's append section.
        var section: String { self == .sqlite ? "sqlite" : "postgres" }
    }

    let backend: Backend
    let directory: String
    private let server: PostgresTestServer?

    static let migrations = [
        Migration(
            version: 1, name: "ledger", sqlite: LedgerSchema.standalone,
            postgres: LedgerSchema.standalonePostgres.map { $0.replacingOccurrences(of: "BLOB", with: "BYTEA") })
    ]

    init(_ backend: Backend) throws {
        self.backend = backend
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-bench-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        server = backend == .postgres ? try PostgresTestServer() : nil
    }

    /// A new, migrated, empty store.
    func make(name: String, observer: StoreObserver? = nil) throws -> any Store {
        let store: any Store
        if let server {
            let url = try server.createDatabase()
            store = try PostgresStore(url: url, poolSize: 8, logger: .disabled, observer: observer)
        } else {
            store = try SQLiteStore(path: directory + "/\(name).sqlite3", logger: .disabled, observer: observer)
        }
        try Migrator.apply(Self.migrations, to: store, logger: .disabled)
        return store
    }

    /// The bytes the SQLite files in the directory take, for the report.
    var bytesOnDisk: Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.reduce(0) { total, name in
            let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/" + name))?[.size] as? Int
            return total + (size ?? 0)
        }
    }

    /// Stops the PostgreSQL server, if any, and removes every file.
    func close() {
        server?.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
