import Foundation
import PHIGuardCore
import PHIGuardStore
import Testing

@Suite("PostgreSQL store")
struct PostgresStoreTests {
    @Test("the pool recovers after the server restarts")
    func recoversAfterRestart() throws {
        // A server of its own: restarting the shared one would break tests running alongside.
        let server = try PostgresTestServer()
        defer { server.stop() }
        let store = try PostgresStore(url: try server.createDatabase(), poolSize: 2, logger: .disabled)
        defer { store.close() }
        try store.write { connection in try createItems(connection) }
        try store.ping()

        try server.stopServer()
        let error = try #require(throws: PHIGuardError.self) { try store.ping() }
        #expect(error.code == .storeUnavailable)

        try server.start()
        try store.write { connection in try connection.execute("INSERT INTO items (id, name) VALUES (1, \("back"))") }
        #expect(try itemCount(store) == 1)
    }

    @Test("an unreachable server is store.unavailable and the password is not in the error")
    func unreachableServer() throws {
        let error = try #require(throws: PHIGuardError.self) {
            try PostgresStore(url: "postgres://u:s3cret@127.0.0.1:1/db?connect_timeout=2", logger: .disabled)
        }
        #expect(error.code == .storeUnavailable)
        #expect(!String(reflecting: error).contains("s3cret"))
    }

    @Test("a write whose failed statement was caught inside the block does not claim success")
    func abortedTransactionIsReported() throws {
        let store = try Backend.postgres.makeStore()
        defer { store.close() }
        try store.write { connection in try createItems(connection) }
        #expect(throws: PHIGuardError.self) {
            try store.write { connection in
                try connection.execute("INSERT INTO items (id, name) VALUES (1, \("a"))")
                _ = try? connection.execute("INSERT INTO items (id, name) VALUES (1, \("a"))")
            }
        }
        #expect(try itemCount(store) == 0)
    }

    @Test("a redacted URL keeps the host and database but not the password")
    func redactsPassword() {
        let redacted = PostgresStore.redacted(url: "postgres://app:s3cret@db.internal:5432/phiguard?password=s3cret")
        #expect(!redacted.contains("s3cret"))
        #expect(redacted.contains("db.internal:5432/phiguard"))
        #expect(PostgresStore.redacted(url: "host=db password=s3cret") == "(connection string)")
    }

    @Test("booleans, numerics and timestamps map to SQLValue by column type")
    func typeMapping() throws {
        let store = try Backend.postgres.makeStore()
        defer { store.close() }
        let row = try #require(
            try store.read { connection in
                try connection.first(
                    """
                    SELECT true AS yes, false AS no, 12::int2 AS small, 1.25::numeric AS decimal,
                           0.5::float4 AS single, '2025-01-02T03:04:05Z'::timestamptz AS at, ''::bytea AS empty,
                           'Infinity'::float8 AS infinite, NULL::text AS nothing
                    """
                )
            })
        #expect(row["yes"] == .integer(1))
        #expect(row["no"] == .integer(0))
        #expect(row["small"] == .integer(12))
        #expect(row["decimal"] == .real(1.25))
        #expect(row["single"] == .real(0.5))
        #expect(row["at"].text?.hasPrefix("2025-01-02") == true)
        #expect(row["empty"] == .blob([]))
        #expect(row["infinite"] == .real(.infinity))
        #expect(row["nothing"] == .null)
    }

    @Test("the factory opens PostgreSQL for postgres:// and postgresql:// URLs")
    func factoryOpensPostgres() throws {
        let url = try SharedPostgres.server().createDatabase()
        for candidate in [url, url.replacingOccurrences(of: "postgres://", with: "postgresql://")] {
            let store = try StoreFactory.open(url: candidate, dataDirectory: "/nonexistent", logger: .disabled)
            #expect(store.dialect == .postgres)
            try store.ping()
            store.close()
        }
    }
}
