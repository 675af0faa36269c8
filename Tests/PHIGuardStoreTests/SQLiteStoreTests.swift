import Foundation
import PHIGuardCore
import PHIGuardStore
import Synchronization
import Testing

@Suite("SQLite store")
struct SQLiteStoreTests {
    /// A table of 4 KiB blobs, for tests that fill the WAL.
    private static let blobTable: SQL = "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)"
    private static let blobRow = [UInt8](repeating: 7, count: 4096)

    /// The WAL file's length in bytes.
    private static func walBytes(_ store: SQLiteStore) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: store.path + "-wal")[.size] as? Int ?? 0
    }

    private static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("a committed write is there after closing and reopening the file")
    func durableAcrossReopen() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/durable.sqlite3"

        let first = try SQLiteStore(path: path, logger: .disabled)
        try first.write { connection in
            try createItems(connection)
            try connection.execute("INSERT INTO items (id, name, data) VALUES (1, \("kept"), \([UInt8]([0, 9])))")
        }
        first.close()

        let second = try SQLiteStore(path: path, logger: .disabled)
        defer { second.close() }
        let row = try #require(try second.read { connection in try connection.first("SELECT * FROM items") })
        #expect(try row.string("name") == "kept")
        #expect(try row.bytes("data") == [0, 9])
    }

    @Test("the database runs in WAL mode with foreign keys and full sync")
    func connectionSettings() throws {
        let store = try SQLiteStore.temporary()
        defer { store.close() }
        let settings = try store.write { connection in
            (
                try connection.first("PRAGMA journal_mode")?["journal_mode"],
                try connection.first("PRAGMA foreign_keys")?["foreign_keys"],
                try connection.first("PRAGMA synchronous")?["synchronous"]
            )
        }
        #expect(settings.0 == .text("wal"))
        #expect(settings.1 == .integer(1))
        #expect(settings.2 == .integer(2))
    }

    @Test("the writer never checkpoints; the background checkpointer keeps the WAL from growing")
    func backgroundCheckpoints() throws {
        let store = try SQLiteStore.temporary(checkpointPages: 32)
        defer { store.close() }
        let autocheckpoint = try store.write { try $0.first("PRAGMA wal_autocheckpoint")?.values.first }
        #expect(autocheckpoint == .integer(0))
        try store.write { try $0.execute(Self.blobTable) }
        let row = Self.blobRow
        var written = 0
        for round in 0..<10 {
            try store.write { connection in
                for step in 0..<256 {
                    try connection.execute("INSERT INTO t (id, body) VALUES (\(Int64(round * 256 + step)), \(row))")
                }
            }
            written += 256 * row.count
            // Past 32 pages the checkpointer (which looks every 0.05 s) copies the WAL into the database; the
            // next write then starts the WAL over instead of appending to it.
            Thread.sleep(forTimeInterval: 0.3)
        }
        let wal = try Self.walBytes(store)
        #expect(wal < written / 3, "WAL of \(wal) bytes after \(written) bytes written")
        #expect(try store.read { try $0.first("SELECT count(*) AS n FROM t")?.int("n") } == 2560)
    }

    @Test("under writes without pauses and readers beside them, the WAL still starts over and stays bounded")
    func walBoundedUnderSteadyWrites() throws {
        let store = try SQLiteStore.temporary(checkpointPages: 32)
        defer { store.close() }
        try store.write { try $0.execute(Self.blobTable) }
        let row = Self.blobRow
        let transactions = 3_000
        let writing = Atomic(true)
        let largestWAL = Atomic(0)
        // A reader makes short reads all along, as request threads do, and samples the WAL's length. (A read
        // that lasts longer than the checkpointer's wait holds the WAL where it is; nothing can start it over
        // under a snapshot still in use.)
        let reader = Thread {
            while writing.load(ordering: .relaxed) {
                _ = try? store.read { try $0.first("SELECT max(id) AS n FROM t") }
                let wal = (try? Self.walBytes(store)) ?? 0
                // Only this thread stores, so load-then-store keeps the maximum.
                if wal > largestWAL.load(ordering: .relaxed) { largestWAL.store(wal, ordering: .relaxed) }
            }
        }
        reader.start()
        // Commits back to back: a passive checkpoint always ends behind, so only the restart keeps the file short.
        for round in 0..<transactions {
            try store.write { connection in
                for step in 0..<16 {
                    try connection.execute("INSERT INTO t (id, body) VALUES (\(Int64(round * 16 + step)), \(row))")
                }
            }
        }
        writing.store(false, ordering: .relaxed)
        // Without the restart the WAL ends larger than everything written (each commit also rewrites the pages
        // it touched); with it, the file stays a few checkpoint periods long, which only a machine busy enough
        // to starve the checkpointer thread stretches towards a fraction of the total.
        let written = transactions * 16 * row.count
        let largest = largestWAL.load(ordering: .relaxed)
        #expect(largest < written / 2, "WAL reached \(largest) of \(written) bytes")
        #expect(try store.read { try $0.first("SELECT count(*) AS n FROM t")?.int("n") } == Int64(transactions * 16))
    }

    @Test("after a long read let the WAL grow, the file is cut back once the WAL starts over")
    func walShrinksAfterLongRead() throws {
        let store = try SQLiteStore.temporary(checkpointPages: 32)
        defer { store.close() }
        try store.write { try $0.execute(Self.blobTable) }
        let row = Self.blobRow
        var next: Int64 = 0
        func insert(_ count: Int) throws {
            try store.write { connection in
                for _ in 0..<count {
                    try connection.execute("INSERT INTO t (id, body) VALUES (\(next), \(row))")
                    next += 1
                }
            }
        }
        // A read holds its snapshot for a second: no checkpoint can start the WAL over meanwhile.
        let reading = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        Thread {
            _ = try? store.read { connection -> Int64? in
                let count = try connection.first("SELECT count(*) AS n FROM t")?.int("n")
                reading.signal()
                Thread.sleep(forTimeInterval: 1)
                return count
            }
            finished.signal()
        }.start()
        reading.wait()
        for _ in 0..<40 { try insert(64) }
        let grown = try Self.walBytes(store)
        finished.wait()
        // Past the threshold the checkpointer (every 0.05 s) copies the WAL and restarts it; the next commit cuts
        // the file back to the limit of twice the threshold.
        for _ in 0..<20 {
            try insert(4)
            Thread.sleep(forTimeInterval: 0.1)
        }
        let limit = 2 * 32 * 16_384
        #expect(grown > 4 * limit, "the long read should have let the WAL grow (\(grown) bytes)")
        let restarted = try Self.walBytes(store)
        #expect(restarted <= limit + 64 * 16_384, "WAL of \(restarted) bytes after restarting")
    }

    @Test("a read block cannot write")
    func readsCannotWrite() throws {
        let store = try SQLiteStore.temporary()
        defer { store.close() }
        try store.write { connection in try createItems(connection) }
        #expect(throws: PHIGuardError.self) {
            try store.read { connection in try connection.execute("INSERT INTO items (id, name) VALUES (1, 'x')") }
        }
        #expect(try itemCount(store) == 0)
    }

    @Test("a file that cannot be created is store.unavailable")
    func unopenableFile() throws {
        let error = try #require(throws: PHIGuardError.self) {
            try SQLiteStore(path: "/nonexistent-\(UUID().uuidString)/x.sqlite3", logger: .disabled)
        }
        #expect(error.code == .storeUnavailable)
    }

    @Test("the factory opens SQLite in the data directory for no URL and for sqlite:")
    func factoryOpensSQLite() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for url in [nil, "sqlite:"] as [String?] {
            let store = try StoreFactory.open(url: url, dataDirectory: directory, logger: .disabled)
            #expect(store.dialect == .sqlite)
            store.close()
        }
        #expect(FileManager.default.fileExists(atPath: directory + "/phiguard.sqlite3"))
    }

    @Test("the factory opens the file a sqlite: URL names")
    func factoryOpensNamedFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for url in ["sqlite:\(directory)/a.sqlite3", "sqlite://\(directory)/b.sqlite3"] {
            let store = try StoreFactory.open(url: url, dataDirectory: "/nonexistent", logger: .disabled)
            store.close()
        }
        #expect(FileManager.default.fileExists(atPath: directory + "/a.sqlite3"))
        #expect(FileManager.default.fileExists(atPath: directory + "/b.sqlite3"))
    }

    @Test("the factory refuses other schemes without echoing the URL")
    func factoryRefusesOtherSchemes() throws {
        let error = try #require(throws: PHIGuardError.self) {
            try StoreFactory.open(url: "mysql://root:s3cret@db/x", dataDirectory: "/tmp", logger: .disabled)
        }
        #expect(error.code == .configuration)
        #expect(!error.description.contains("s3cret"))
    }
}
