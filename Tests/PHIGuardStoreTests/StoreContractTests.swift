import Foundation
import PHIGuardCore
import PHIGuardStore
import Synchronization
import Testing

@Suite("Store contract, on every backend")
struct StoreContractTests {
    @Test("every SQLValue kind survives a bind and a read back", arguments: Backend.allCases)
    func bindRoundTrips(backend: Backend) throws {
        let store = try backend.makeStore()
        defer { store.close() }
        let samples: [(String, Double?, [UInt8]?)] = [
            ("plain", 1.5, [1, 2, 3]),
            ("", 0, []),
            ("nul byte blob", -0.25, [0x00]),
            ("zeros", 1e-300, [0, 0, 0, 255]),
            ("unicode é 漢字 🩺 \u{202E}", .greatestFiniteMagnitude, Array(0...255)),
            ("nulls", nil, nil),
        ]
        let integers: [Int64] = [.min, .max, 0, -1, 1, 42, 7, 8]
        try store.write { connection in
            try createItems(connection)
            for (index, sample) in samples.enumerated() {
                let (id, name, amount, data) = (integers[index], sample.0, sample.1.sqlValue, sample.2.sqlValue)
                try connection.execute(
                    "INSERT INTO items (id, name, amount, data) VALUES (\(id), \(name), \(amount), \(data))"
                )
            }
        }

        let rows = try store.read { connection in try connection.query("SELECT * FROM items") }
        #expect(rows.count == samples.count)
        for (index, sample) in samples.enumerated() {
            let row = try #require(rows.first { $0["id"] == .integer(integers[index]) })
            #expect(try row.string("name") == sample.0)
            #expect(row["amount"] == (sample.1.map { SQLValue.real($0) } ?? .null))
            #expect(row["data"] == (sample.2.map { SQLValue.blob($0) } ?? .null))
        }
    }

    @Test("forEachRow lends each row in order with the values query reads", arguments: Backend.allCases)
    func forEachRowMatchesQuery(backend: Backend) throws {
        let store = try backend.makeStore()
        defer { store.close() }
        let samples: [(Int64, String, [UInt8]?)] = [
            (1, "plain", [1, 2, 3]), (2, "", []), (3, "漢字 🩺", Array(0...255)), (4, "nulls", nil), (5, "x", [0]),
        ]
        try store.write { connection in
            try createItems(connection)
            for (id, name, data) in samples.reversed() {
                try connection.execute("INSERT INTO items (id, name, data) VALUES (\(id), \(name), \(data))")
            }
        }
        var read: [(Int64?, String?, [UInt8]?, Bool, [UInt8]?)] = []
        try store.read { connection in
            try connection.forEachRow("SELECT id, name, data, amount FROM items WHERE id > \(Int64(0)) ORDER BY id") {
                row in
                read.append(
                    (
                        row.integer(0), row.withBytes(1) { String(decoding: $0, as: UTF8.self) },
                        row.withBytes(2) { Array($0) }, row.isNull(3), row.withBytes(0) { Array($0) }
                    ))
            }
        }
        #expect(read.map(\.0) == samples.map(\.0))
        #expect(read.map(\.1) == samples.map(\.1))
        #expect(read.map(\.2) == samples.map(\.2))
        #expect(read.allSatisfy { $0.3 && $0.4 == nil }, "NULL is null, and an integer has no bytes")
        #expect(read.map { $0.2 == nil } == samples.map { $0.2 == nil }, "a NULL blob is not an empty one")

        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            try store.read { connection in
                try connection.forEachRow("SELECT id FROM items ORDER BY id") { _ in
                    seen += 1
                    if seen == 2 { throw Stop() }
                }
            }
        }
        #expect(seen == 2, "a throwing body ends the read")
        #expect(try store.read { try $0.query("SELECT id FROM items") }.count == samples.count)
    }

    @Test("a write commits when its block returns", arguments: Backend.allCases)
    func writeCommits(backend: Backend) throws {
        let store = try backend.makeStore()
        defer { store.close() }
        let changed = try store.write { connection in
            try createItems(connection)
            return try connection.execute("INSERT INTO items (id, name) VALUES (1, \("a")), (2, \("b"))")
        }
        #expect(changed == 2)
        #expect(try itemCount(store) == 2)
        let updated = try store.write { connection in
            try connection.execute("UPDATE items SET amount = \(2.5) WHERE id > \(0)")
        }
        #expect(updated == 2)
    }

    @Test(
        "one statement runs once per bind list, and a bad list rolls the whole write back", arguments: Backend.allCases)
    func executeMany(backend: Backend) throws {
        let store = try backend.makeStore()
        defer { store.close() }
        let template: SQL = "INSERT INTO items (id, name, data) VALUES (\(Int64(0)), \("template"), \([UInt8]()))"
        try store.write { connection in
            try createItems(connection)
            try connection.executeMany(
                template,
                binds: (1...50).map {
                    [.integer(Int64($0)), .text("item \($0)"), .blob([UInt8(truncatingIfNeeded: $0)])]
                })
        }
        #expect(try itemCount(store) == 50)
        let row = try #require(try store.read { try $0.first("SELECT * FROM items WHERE id = \(Int64(42))") })
        #expect(try row.string("name") == "item 42")
        #expect(row["data"] == .blob([42]))
        #expect(throws: PHIGuardError.self) {
            try store.write { connection in
                try connection.executeMany(
                    template, binds: [[.integer(100), .text("kept?"), .null], [.integer(101), .text("short")]])
            }
        }
        #expect(try itemCount(store) == 50)
    }

    @Test(
        "a deferred write commits and rolls back like any write, and the next write is durable again",
        arguments: Backend.allCases)
    func deferredWrite(backend: Backend) throws {
        let store = try backend.makeStore()
        defer { store.close() }
        try store.write { connection in try createItems(connection) }
        func setting(_ connection: any StoreConnection) throws -> String {
            let sql: SQL = connection.dialect == .sqlite ? "PRAGMA synchronous" : "SHOW synchronous_commit"
            let value = try #require(try connection.first(sql)).values.first
            return value?.text ?? value?.integer.map(String.init) ?? ""
        }
        let during = try store.write(durability: .deferred) { connection in
            try connection.execute("INSERT INTO items (id, name) VALUES (1, \("soon"))")
            return try setting(connection)
        }
        #expect(during == (backend == .sqlite ? "1" : "off"))
        #expect(try itemCount(store) == 1)
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try store.write(durability: .deferred) { connection in
                try connection.execute("INSERT INTO items (id, name) VALUES (2, \("gone"))")
                throw Abort()
            }
        }
        #expect(try itemCount(store) == 1)
        // Full synchronous commits again: 2 is FULL on SQLite.
        #expect(try store.write { try setting($0) } == (backend == .sqlite ? "2" : "on"))
    }

    @Test("a write rolls back when its block throws", arguments: Backend.allCases)
    func writeRollsBack(backend: Backend) throws {
        let store = try backend.makeStore()
        defer { store.close() }
        try store.write { connection in try createItems(connection) }
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try store.write { connection in
                try connection.execute("INSERT INTO items (id, name) VALUES (1, \("gone"))")
                throw Abort()
            }
        }
        #expect(try itemCount(store) == 0)
    }

    @Test("a constraint violation is store.constraint, changes nothing and names no value", arguments: Backend.allCases)
    func constraintViolation(backend: Backend) throws {
        let store = try backend.makeStore()
        defer { store.close() }
        try store.write { connection in
            try createItems(connection)
            try connection.execute("INSERT INTO items (id, name) VALUES (1, \("jane.doe@example.org"))")
        }
        let error = try #require(throws: PHIGuardError.self) {
            try store.write { connection in
                try connection.execute("INSERT INTO items (id, name) VALUES (2, \("other"))")
                try connection.execute("INSERT INTO items (id, name) VALUES (3, \("jane.doe@example.org"))")
            }
        }
        #expect(error.code == .constraint)
        #expect(!error.description.contains("jane.doe"))
        #expect(!String(reflecting: error).contains("jane.doe"))
        #expect(try itemCount(store) == 1)

        // The store stays usable after the failed transaction.
        try store.write { connection in try connection.execute("INSERT INTO items (id, name) VALUES (2, \("ok"))") }
        #expect(try itemCount(store) == 2)
    }

    @Test("a foreign-key violation is store.constraint", arguments: Backend.allCases)
    func foreignKeyViolation(backend: Backend) throws {
        let store = try backend.makeStore()
        defer { store.close() }
        try store.write { connection in
            try createItems(connection)
            try connection.execute(
                "CREATE TABLE notes (id INTEGER PRIMARY KEY, item_id BIGINT NOT NULL REFERENCES items (id))")
        }
        let error = try #require(throws: PHIGuardError.self) {
            try store.write { connection in try connection.execute("INSERT INTO notes (id, item_id) VALUES (1, 99)") }
        }
        #expect(error.code == .constraint)
    }

    @Test("a bound value that looks like SQL stays data", arguments: Backend.allCases)
    func injectionStaysData(backend: Backend) throws {
        let store = try backend.makeStore()
        defer { store.close() }
        let hostile = "x'); DROP TABLE items; --"
        try store.write { connection in
            try createItems(connection)
            try connection.execute("INSERT INTO items (id, name) VALUES (1, \(hostile))")
        }
        let row = try store.read { connection in
            try connection.first("SELECT name FROM items WHERE name = \(hostile)")
        }
        #expect(try #require(row).string("name") == hostile)
        #expect(try itemCount(store) == 1)
    }

    @Test("ping answers and a fresh store is at schema version 0", arguments: Backend.allCases)
    func pingAndVersion(backend: Backend) throws {
        let store = try backend.makeStore()
        defer { store.close() }
        try store.ping()
        #expect(try store.schemaVersion() == 0)
    }

    @Test("a closed store fails with store.unavailable", arguments: Backend.allCases)
    func closedStoreFails(backend: Backend) throws {
        let store = try backend.makeStore()
        store.close()
        let error = try #require(throws: PHIGuardError.self) { try store.ping() }
        #expect(error.code == .storeUnavailable)
    }

    @Test("the observer hears every read and write block", arguments: Backend.allCases)
    func observerHearsBlocks(backend: Backend) throws {
        let seen = Mutex<[String]>([])
        let store = try backend.makeStore { operation, seconds in
            if seconds >= 0 { seen.withLock { $0.append(operation) } }
        }
        defer { store.close() }
        try store.write { connection in try createItems(connection) }
        _ = try itemCount(store)
        #expect(seen.withLock { $0 } == ["write", "read"])
    }
}
