import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardLedger
import PHIGuardStore
import Testing

/// Every change to stored rows, however small, is found by verification and named by index.
@Suite("Ledger tamper evidence", .serialized)
struct LedgerTamperTests {
    static let entryColumns = [
        "seq", "leaf_hash", "nodes", "row_mac", "sealed_entry", "event_class", "action", "category", "outcome",
        "user_index",
        "patient_index", "occurred_at", "received_at",
    ]

    /// A ledger of 48 entries with checkpoints at 20 and 48.
    static func fixture() throws -> LedgerFixture {
        let fixture = try LedgerFixture()
        try fixture.fill(20)
        try fixture.ledger.publishCheckpoint()
        try fixture.fill(28)
        try fixture.ledger.publishCheckpoint()
        return fixture
    }

    /// A value that differs from `value` by one flipped bit (or by one for integers).
    static func corrupted(_ value: SQLValue, using random: inout some RandomNumberGenerator) -> SQLValue {
        switch value {
        case .null: return .blob([UInt8.random(in: 0...255, using: &random)])
        case .integer(let number): return .integer(number ^ (1 << Int64.random(in: 0..<20, using: &random)))
        case .real(let number): return .real(number + 1)
        case .text(let text):
            var bytes = Array(text.utf8)
            let position = Int.random(in: 0..<max(1, bytes.count), using: &random)
            if bytes.isEmpty { bytes = [0x41] } else { bytes[position] ^= 1 << UInt8.random(in: 0..<6, using: &random) }
            return .text(String(decoding: bytes, as: UTF8.self))
        case .blob(let bytes):
            guard !bytes.isEmpty else { return .blob([1]) }
            var copy = bytes
            copy[Int.random(in: 0..<copy.count, using: &random)] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            return .blob(copy)
        }
    }

    @Test("a flipped bit in any column of any entry is detected, every time, at its index")
    func bitFlipsAreDetected() throws {
        let fixture = try Self.fixture()
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let seq = Int64.random(in: 0..<48, using: &random)
            let column = Self.entryColumns.randomElement(using: &random)!
            let original = try #require(
                try fixture.store.read {
                    try $0.first("SELECT \(raw: column) AS v FROM ledger_entries WHERE seq = \(seq)")
                }
            )["v"]
            let changed = Self.corrupted(original, using: &random)
            if changed == original { continue }
            let stored = try? fixture.store.write {
                try $0.execute("UPDATE ledger_entries SET \(raw: column) = \(changed) WHERE seq = \(seq)")
            }
            guard stored != nil else { continue }  // a changed seq that collides with another row's is refused
            let report = try fixture.verify()
            #expect(!report.isIntact, "undetected change to \(column) of entry \(seq)")
            if column == "seq", case .integer(let moved) = changed {
                #expect(report.firstBadIndex == Int(min(seq, moved)))
            } else {
                #expect(report.firstBadIndex == Int(seq), "\(column) of \(seq): \(report.problems)")
            }
            let restoredColumn = column == "seq" ? changed : .integer(seq)
            try fixture.store.write { connection in
                if column == "seq" {
                    try connection.execute("UPDATE ledger_entries SET seq = \(original) WHERE seq = \(restoredColumn)")
                } else {
                    try connection.execute("UPDATE ledger_entries SET \(raw: column) = \(original) WHERE seq = \(seq)")
                }
            }
        }
        #expect(try fixture.verify().isIntact)
    }

    @Test("a deleted entry, an inserted one and two swapped ones are detected")
    func structuralChanges() throws {
        let fixture = try Self.fixture()
        let copy = try #require(try fixture.store.read { try $0.first("SELECT * FROM ledger_entries WHERE seq = 30") })
        try fixture.store.write { try $0.execute("DELETE FROM ledger_entries WHERE seq = 30") }
        #expect(try fixture.verify().firstBadIndex == 30)
        try fixture.store.write { try Self.insert(copy, as: 30, on: $0) }
        #expect(try fixture.verify().isIntact)

        // Deleting the newest entries is caught by the checkpoint that covered them.
        let tail = try fixture.store.read { try $0.query("SELECT * FROM ledger_entries WHERE seq >= 45") }
        try fixture.store.write { try $0.execute("DELETE FROM ledger_entries WHERE seq >= 45") }
        #expect(try fixture.verify().firstBadIndex == 45)
        try fixture.store.write { connection in
            for row in tail { try Self.insert(row, as: try row.int("seq"), on: connection) }
        }

        // An extra entry inside the checkpointed range changes every root after it.
        try fixture.store.write { connection in
            try connection.execute("UPDATE ledger_entries SET seq = seq + 1000 WHERE seq >= 10")
            try connection.execute("UPDATE ledger_entries SET seq = seq - 999 WHERE seq >= 1010")
            try Self.insert(copy, as: 10, on: connection)
        }
        #expect(try fixture.verify().firstBadIndex == 10)
        try fixture.store.write { connection in
            try connection.execute("DELETE FROM ledger_entries WHERE seq = 10")
            try connection.execute("UPDATE ledger_entries SET seq = seq + 1000 WHERE seq >= 11")
            try connection.execute("UPDATE ledger_entries SET seq = seq - 1001 WHERE seq >= 1011")
        }
        #expect(try fixture.verify().isIntact)

        // Two entries swapped wholesale.
        try fixture.store.write { connection in
            try connection.execute("UPDATE ledger_entries SET seq = -1 WHERE seq = 5")
            try connection.execute("UPDATE ledger_entries SET seq = 5 WHERE seq = 6")
            try connection.execute("UPDATE ledger_entries SET seq = 6 WHERE seq = -1")
        }
        #expect(try fixture.verify().firstBadIndex == 5)
    }

    @Test("chunk sizes and worker counts do not change the result, and hashes stored above a chunk are checked")
    func chunking() throws {
        let fixture = try Self.fixture()
        let reference = try fixture.verify()
        for (chunkLevel, workers) in [(0, 1), (1, 3), (4, 2), (5, 1), (20, 4)] {
            let report = try LedgerVerifier.verify(
                store: fixture.store, keyring: fixture.keyring, verifier: fixture.ledger.verifier,
                chunkLevel: chunkLevel, workers: workers)
            #expect(report.isIntact && report.rootHash == reference.rootHash && report.entries == 48)
        }
        // Entry 31 closes levels 1 to 5; with chunks of 8 entries, levels 4 and 5 are joined across chunks.
        let nodes = try #require(
            try fixture.store.read { try $0.first("SELECT nodes FROM ledger_entries WHERE seq = 31") }?["nodes"].blob)
        #expect(nodes.count == 5 * MerkleTree.hashByteCount)
        var changed = nodes
        changed[4 * MerkleTree.hashByteCount] ^= 1
        try fixture.store.write { try $0.execute("UPDATE ledger_entries SET nodes = \(changed) WHERE seq = 31") }
        #expect(try fixture.verify().firstBadIndex == 31)
    }

    @Test("a changed checkpoint is refused: bad signature, moved size or swapped root")
    func checkpointChanges() throws {
        let fixture = try Self.fixture()
        var random = SystemRandomNumberGenerator()
        for column in ["note", "tree_size", "root_hash"] {
            let original = try #require(
                try fixture.store.read {
                    try $0.first("SELECT \(raw: column) AS v FROM ledger_checkpoints WHERE tree_size = 20")
                }
            )["v"]
            let changed = Self.corrupted(original, using: &random)
            try fixture.store.write {
                try $0.execute("UPDATE ledger_checkpoints SET \(raw: column) = \(changed) WHERE tree_size = 20")
            }
            let report = try fixture.verify()
            #expect(!report.isIntact, "undetected change to checkpoint \(column)")
            let key = column == "tree_size" ? changed : .integer(20)
            try fixture.store.write {
                try $0.execute("UPDATE ledger_checkpoints SET \(raw: column) = \(original) WHERE tree_size = \(key)")
            }
        }
        #expect(try fixture.verify().isIntact)
    }

    @Test("the ledger refuses to sign a checkpoint inconsistent with the last one")
    func refusesInconsistentCheckpoint() throws {
        let fixture = try Self.fixture()
        try fixture.store.write { connection in
            try connection.execute(
                "UPDATE ledger_entries SET leaf_hash = \([UInt8](repeating: 7, count: 32)) WHERE seq = 3")
            try connection.execute(
                "UPDATE ledger_entries SET nodes = \([UInt8](repeating: 9, count: 32 * 6)) WHERE seq = 47")
        }
        let reopened = try AuditLedger(
            store: fixture.store, keyring: fixture.keyring, signingKey: try Ed25519.PrivateKey(),
            configuration: AuditLedgerConfiguration(origin: "phiguard.test/ledger"), logger: .disabled)
        defer { reopened.shutdown() }
        try reopened.record(try LedgerFixture.view("u", "p"))
        #expect(throws: PHIGuardError.self) { try reopened.publishCheckpoint() }
        #expect(try fixture.store.read { try $0.first("SELECT COUNT(*) AS n FROM ledger_checkpoints")?.int("n") } == 2)
    }

    private static func insert(_ row: Row, as seq: Int64, on connection: any StoreConnection) throws {
        try connection.execute(
            """
            INSERT INTO ledger_entries (seq, leaf_hash, nodes, row_mac, sealed_entry, event_class, action, category,
                outcome, user_index, patient_index, occurred_at, received_at)
            VALUES (\(seq), \(row["leaf_hash"]), \(row["nodes"]), \(row["row_mac"]), \(row["sealed_entry"]), \(row["event_class"]),
                \(row["action"]), \(row["category"]), \(row["outcome"]), \(row["user_index"]), \(row["patient_index"]),
                \(row["occurred_at"]), \(row["received_at"]))
            """
        )
    }
}
