import Foundation
import PHIGuardCore
import PHIGuardStore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The backends every contract test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A store on a fresh, empty database.
    func makeStore(observer: StoreObserver? = nil) throws -> any Store {
        switch self {
        case .sqlite:
            return try SQLiteStore.temporary(observer: observer)
        case .postgres:
            let url = try SharedPostgres.server().createDatabase()
            return try PostgresStore(url: url, logger: .disabled, observer: observer)
        }
    }
}

/// One PostgreSQL server for the whole test run, started on first use and stopped when the process exits.
enum SharedPostgres {
    private static let started: Result<PostgresTestServer, any Error> = {
        let result = Result { try PostgresTestServer() }
        if case .success = result {
            atexit { SharedPostgres.stop() }
        }
        return result
    }()

    /// The running server; a missing PostgreSQL installation fails the test with the reason.
    static func server() throws -> PostgresTestServer {
        try started.get()
    }

    private static func stop() {
        if case .success(let server) = started { server.stop() }
    }
}

/// Runs `body` on `count` separate threads at once and waits for all of them.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            body(index)
            group.leave()
        }
        thread.start()
    }
    group.wait()
}

/// The table most tests use, in each dialect's types.
func createItems(_ connection: any StoreConnection) throws {
    let sql: SQL =
        connection.dialect == .sqlite
        ? "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, amount REAL, data BLOB)"
        : "CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, amount DOUBLE PRECISION, data BYTEA)"
    try connection.execute(sql)
}

/// The number of rows in `items`.
func itemCount(_ store: any Store) throws -> Int64 {
    try store.read { connection in try connection.first("SELECT count(*) AS n FROM items")?.int("n") ?? -1 }
}
