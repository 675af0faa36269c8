import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardStore
import Testing

@testable import PHIGuardLedger

/// A ledger on a fresh SQLite store with fresh keys. When the last copy of the fixture goes, its ledger's
/// writer thread is stopped and the store closed, which removes the temporary database files.
struct LedgerFixture {
    let store: SQLiteStore
    let keyring: Keyring
    let ledger: AuditLedger
    private let lifetime: Lifetime

    /// Stops what the fixture started when nothing holds the fixture any more.
    private final class Lifetime {
        let ledger: AuditLedger
        let store: SQLiteStore

        init(ledger: AuditLedger, store: SQLiteStore) {
            self.ledger = ledger
            self.store = store
        }

        deinit {
            ledger.shutdown()
            store.close()
        }
    }

    init(origin: String = "phiguard.test/ledger", store: SQLiteStore? = nil) throws {
        self.store = try store ?? ledgerStore()
        let kek = KeyEncryptionKey.generate()
        keyring = try Keyring(kek: kek, wrappedKeys: [try Keyring.generateKey(kek: kek)])
        ledger = try AuditLedger(
            store: self.store, keyring: keyring, signingKey: try Ed25519.PrivateKey(),
            configuration: AuditLedgerConfiguration(origin: origin), logger: .disabled)
        lifetime = Lifetime(ledger: ledger, store: self.store)
    }

    /// An event of user `user` viewing patient `patient`'s PHI.
    static func view(_ user: String, _ patient: String, at millis: Int64 = 1_800_000_000_000) throws -> AuditEvent {
        try AuditEvent(
            id: Identifier.random(), eventClass: .phiAccess, action: .view,
            actor: AuditEvent.Actor(userID: user, role: "physician"), patientID: patient, phiCategory: "general",
            outcome: .success, purposeOfUse: .treatment, sourceTime: try AuditTime(millisecondsSince1970: millis),
            receivedTime: try AuditTime(millisecondsSince1970: millis + 20))
    }

    func fill(_ count: Int) throws {
        for step in 0..<count {
            try ledger.record(
                try Self.view("user\(step % 5)", "patient\(step % 7)", at: 1_800_000_000_000 + Int64(step)))
        }
    }

    func verify() throws -> LedgerVerificationReport {
        try LedgerVerifier.verify(store: store, keyring: keyring, verifier: ledger.verifier, chunkLevel: 3)
    }
}

@Suite("Audit ledger")
struct AuditLedgerTests {
    @Test("rebuilding the SQLite table with the index as rowid keeps every entry, and appends go on after it")
    func rowidRebuild() throws {
        let store = try SQLiteStore.temporary()
        defer { store.close() }
        try Migrator.apply(
            [Migration(version: 1, name: "ledger", statements: LedgerSchema.version1 + LedgerSchema.version2)],
            to: store, logger: .disabled)
        let fixture = try LedgerFixture(store: store)
        try fixture.fill(21)
        let before = try store.read { try $0.query("SELECT * FROM ledger_entries ORDER BY seq") }

        try Migrator.apply(
            [
                Migration(version: 1, name: "ledger", statements: LedgerSchema.version1 + LedgerSchema.version2),
                Migration(version: 2, name: "rowid", statements: LedgerSchema.version3SQLite),
            ], to: store, logger: .disabled)
        let after = try store.read { try $0.query("SELECT * FROM ledger_entries ORDER BY seq") }
        #expect(after.map(\.values) == before.map(\.values))
        #expect(after.first?.columns == before.first?.columns)
        let plan = try store.read { connection in
            try connection.query("EXPLAIN QUERY PLAN SELECT nodes FROM ledger_entries WHERE seq = \(Int64(3))")
        }
        #expect(plan.contains { ($0["detail"].text ?? "").contains("INTEGER PRIMARY KEY") }, "seq is the rowid")
        let indexes = try store.read { connection in
            try connection.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ledger_entries'")
        }
        #expect(
            Set(indexes.compactMap { $0["name"].text })
                == ["ledger_entries_patient", "ledger_entries_user", "ledger_entries_time"])

        try fixture.fill(13)
        let report = try fixture.verify()
        #expect(report.isIntact && report.entries == 34)
        #expect(try fixture.ledger.search(AuditQuery(patientID: "patient3")).entries.count == 5)
    }

    @Test("recorded events come back decrypted, with proofs that verify against a signed checkpoint")
    func recordReadProve() throws {
        let fixture = try LedgerFixture()
        try fixture.fill(21)
        let note = try #require(try fixture.ledger.publishCheckpoint())
        let checkpoint = try Checkpoint.open(note, verifiers: [fixture.ledger.verifier])
        #expect(checkpoint.size == 21)
        for index in [0, 7, 20] {
            let entry = try fixture.ledger.entry(at: index)
            #expect(entry.event?.actor.userID == "user\(index % 5)")
            let proof = try fixture.ledger.inclusionProof(index: index, treeSize: 21)
            try MerkleTree.verifyInclusion(
                leafHash: entry.leafHash, index: index, treeSize: 21, proof: proof, root: checkpoint.rootHash)
        }
        try fixture.fill(9)
        let next = try Checkpoint.open(
            try #require(try fixture.ledger.publishCheckpoint()), verifiers: [fixture.ledger.verifier])
        let consistency = try fixture.ledger.consistencyProof(from: 21, to: 30)
        try MerkleTree.verifyConsistency(
            oldSize: 21, newSize: 30, oldRoot: checkpoint.rootHash, newRoot: next.rootHash, proof: consistency)
        #expect(try fixture.ledger.publishCheckpoint() == nil)
    }

    @Test("the store never holds patient or user ids in clear, yet equality search finds them")
    func blindIndexSearch() throws {
        let fixture = try LedgerFixture()
        try fixture.ledger.record(try LedgerFixture.view("dr.house", "MRN-4471"))
        try fixture.ledger.record(try LedgerFixture.view("dr.wilson", "MRN-4471"))
        try fixture.ledger.record(try LedgerFixture.view("dr.house", "MRN-9000"))
        let raw = try fixture.store.read { try $0.query("SELECT * FROM ledger_entries") }
        for row in raw {
            for value in row.values {
                let text = value.text ?? value.blob.map { String(decoding: $0, as: UTF8.self) } ?? ""
                #expect(!text.contains("MRN-4471") && !text.contains("dr.house"))
            }
        }
        let byPatient = try fixture.ledger.search(AuditQuery(patientID: "MRN-4471"))
        #expect(byPatient.entries.map(\.index) == [1, 0])
        let byUser = try fixture.ledger.search(AuditQuery(userID: "dr.house", limit: 1))
        #expect(byUser.entries.map(\.index) == [2])
        let second = try fixture.ledger.search(AuditQuery(userID: "dr.house", cursor: byUser.nextCursor, limit: 1))
        #expect(second.entries.map(\.index) == [0])
        #expect(second.nextCursor == nil)
    }

    @Test("search by patient or user pages across blocks of entries, newest first, through the block indexes")
    func searchAcrossBlocks() throws {
        let fixture = try LedgerFixture()
        let block = 1 << LedgerSchema.searchBlockShift
        // Patient p7 is viewed every 997th entry, so matches fall in both blocks and around the boundary.
        let count = block + 300
        for start in stride(from: 0, to: count, by: 1000) {
            try fixture.ledger.record(
                try (start..<min(start + 1000, count)).map { step in
                    try LedgerFixture.view(
                        step % 2 == 0 ? "even" : "odd", step % 997 == 0 || step == block - 1 ? "p7" : "p\(step % 5)")
                })
        }
        let expected = (0..<count).filter { $0 % 997 == 0 || $0 == block - 1 }.reversed().map { $0 }
        var found: [Int] = []
        var cursor: Int?
        repeat {
            let page = try fixture.ledger.search(AuditQuery(patientID: "p7", cursor: cursor, limit: 3))
            found += page.entries.map(\.index)
            #expect(page.entries.allSatisfy { $0.event?.patientID == "p7" })
            cursor = page.nextCursor
        } while cursor != nil
        #expect(found == expected)
        let odd = try fixture.ledger.search(AuditQuery(userID: "odd", cursor: block + 2, limit: 4))
        #expect(odd.entries.map(\.index) == [block + 1, block - 1, block - 3, block - 5])
        let plan = try fixture.store.read { connection in
            try connection.query(
                "EXPLAIN QUERY PLAN SELECT * FROM ledger_entries WHERE \(raw: LedgerSchema.searchBlock) = 1 AND patient_index = x'00' ORDER BY seq DESC"
            )
        }
        #expect(plan.contains { ($0["detail"].text ?? "").contains("ledger_entries_patient") })
    }

    @Test("events whose source clock is off by more than the threshold are flagged in the entry")
    func clockSkew() throws {
        let fixture = try LedgerFixture()
        var event = try LedgerFixture.view("u", "p")
        event.sourceTime = try AuditTime(millisecondsSince1970: event.receivedTime.millisecondsSince1970 - 600_000)
        try fixture.ledger.record(event)
        try fixture.ledger.record(try LedgerFixture.view("u", "p"))
        #expect(try fixture.ledger.entry(at: 0).event?.details["clock_skew_ms"] == "600000")
        #expect(try fixture.ledger.entry(at: 1).event?.details["clock_skew_ms"] == nil)
        #expect(fixture.ledger.metrics.render().contains("phiguard_ledger_clock_skewed_events_total 1"))
    }

    @Test("the sealing context and row MAC keep the exact bytes stored entries were made with")
    func contextBytesArePinned() throws {
        let fixture = try LedgerFixture()
        let separator = "\u{1F}"
        let context = LedgerContexts.entry(
            eventClass: "phi_access", action: "view", category: nil, outcome: "success", userIndex: [0x0a, 0xff],
            patientIndex: nil, occurredAt: -5, receivedAt: 1_800_000_000_123)
        let expected = [
            "ledger_entries.sealed_entry", "phi_access", "view", "-", "success", "0aff", "-", "-5",
            "1800000000123",
        ].joined(separator: separator)
        #expect(context == Array(expected.utf8))
        let leaf = [UInt8](repeating: 0xab, count: 32)
        #expect(
            LedgerContexts.rowMAC(fixture.keyring, index: 42, leafHash: leaf)
                == fixture.keyring.blindIndex(
                    "42:" + String(repeating: "ab", count: 32), context: "ledger_entries.row_mac"))
        let sealed = try fixture.keyring.encrypt(Array("entry".utf8), context: context)
        #expect(try fixture.keyring.decrypt(sealed, context: expected) == Array("entry".utf8))

        // Times are spelled as String(_:) spells them, at every length and sign.
        for time: Int64 in [0, 7, 9, 10, 99, 100, 1_000_000_000_000, 999_999_999_999, .max, .min, -1, -10] {
            let spelled = LedgerContexts.entry(
                eventClass: "c", action: "a", category: nil, outcome: "o", userIndex: nil, patientIndex: nil,
                occurredAt: time, receivedAt: 0)
            let fields = ["ledger_entries.sealed_entry", "c", "a", "-", "o", "-", "-", String(time), "0"]
            #expect(spelled == Array(fields.joined(separator: separator).utf8))
        }
    }

    @Test("an intact ledger verifies, with its checkpoints")
    func intactVerifies() throws {
        let fixture = try LedgerFixture()
        try fixture.fill(40)
        try fixture.ledger.publishCheckpoint()
        try fixture.fill(3)
        try fixture.ledger.publishCheckpoint()
        let report = try fixture.verify()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.entries == 43)
        #expect(report.checkpoints == 2)
        #expect(report.rootHash == (try fixture.ledger.rootHash(treeSize: 43)).hex)
    }
}
