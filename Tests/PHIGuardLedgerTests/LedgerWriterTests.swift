import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardLedger
import PHIGuardStore
import Synchronization
import Testing

/// A migrated SQLite store holding only the ledger tables.
func ledgerStore() throws -> SQLiteStore {
    let store = try SQLiteStore.temporary()
    try Migrator.apply(
        [Migration(version: 1, name: "ledger", statements: LedgerSchema.standalone)], to: store, logger: .disabled)
    return store
}

/// A record whose leaf is `text`, with no sealing: enough for testing sequencing and storage.
func record(_ text: String) -> LedgerRecord {
    LedgerRecord(
        leafHash: MerkleTree.leafHash(Array(text.utf8)), sealedEntry: Array(text.utf8), eventClass: "test",
        action: "view", category: nil, outcome: "success", userIndex: nil, patientIndex: nil, occurredAt: 0,
        receivedAt: 0)
}

@Suite("Ledger writer")
struct LedgerWriterTests {
    @Test("concurrent appends share commits, get distinct indexes and build the same tree as a sequential log")
    func concurrentAppends() throws {
        let store = try ledgerStore()
        let writer = try LedgerWriter(store: store, logger: .disabled)
        defer { writer.shutdown() }
        let results = Mutex<[Int: String]>([:])
        DispatchQueue.concurrentPerform(iterations: 16) { worker in
            for step in 0..<25 {
                let text = "event \(worker)-\(step)"
                if let range = try? writer.append([record(text)]) {
                    results.withLock { $0[range.lowerBound] = text }
                }
            }
        }
        let byIndex = results.withLock { $0 }
        #expect(byIndex.count == 400)
        #expect(Set(byIndex.keys) == Set(0..<400))
        let expected = MerkleTree.rootHash(leafHashes: (0..<400).map { MerkleTree.leafHash(Array(byIndex[$0]!.utf8)) })
        #expect(writer.head.rootHash == expected)
        let stored = try store.read {
            try MerkleTree.rootHash(treeSize: 400, source: StoredMerkleHashSource(connection: $0))
        }
        #expect(stored == expected)
    }

    @Test("a reopened writer resumes the tree from the stored frontier")
    func resumes() throws {
        let store = try ledgerStore()
        var writer = try LedgerWriter(store: store, logger: .disabled)
        _ = try writer.append((0..<37).map { record("e\($0)") })
        let head = writer.head
        writer.shutdown()
        writer = try LedgerWriter(store: store, logger: .disabled)
        defer { writer.shutdown() }
        #expect(writer.head.size == 37)
        #expect(writer.head.rootHash == head.rootHash)
        let next = try writer.append([record("e37")])
        #expect(next == 37..<38)
        let all = (0..<38).map { MerkleTree.leafHash(Array("e\($0)".utf8)) }
        #expect(writer.head.rootHash == MerkleTree.rootHash(leafHashes: all))
    }

    @Test("two writers on one store (a CLI beside the server) interleave without breaking the tree")
    func twoWriters() throws {
        let store = try ledgerStore()
        let server = try LedgerWriter(store: store, logger: .disabled)
        let tool = try LedgerWriter(store: store, logger: .disabled)
        defer {
            server.shutdown()
            tool.shutdown()
        }
        var texts: [String] = []
        for step in 0..<20 {
            let text = "w\(step)"
            let range = try (step % 3 == 0 ? tool : server).append([record(text)])
            #expect(range == step..<(step + 1))
            texts.append(text)
        }
        let expected = MerkleTree.rootHash(leafHashes: texts.map { MerkleTree.leafHash(Array($0.utf8)) })
        let stored = try store.read {
            try MerkleTree.rootHash(treeSize: 20, source: StoredMerkleHashSource(connection: $0))
        }
        #expect(stored == expected)
    }

    @Test("proofs generated from stored hashes verify for every leaf")
    func storedProofsVerify() throws {
        let store = try ledgerStore()
        let writer = try LedgerWriter(store: store, logger: .disabled)
        defer { writer.shutdown() }
        _ = try writer.append((0..<70).map { record("p\($0)") })
        try store.read { connection in
            let source = StoredMerkleHashSource(connection: connection)
            for size in [1, 2, 3, 7, 8, 33, 64, 70] {
                let root = try MerkleTree.rootHash(treeSize: size, source: source)
                for index in 0..<size {
                    let proof = try MerkleTree.inclusionProof(index: index, treeSize: size, source: source)
                    let leaf = MerkleTree.leafHash(Array("p\(index)".utf8))
                    try MerkleTree.verifyInclusion(
                        leafHash: leaf, index: index, treeSize: size, proof: proof, root: root)
                }
            }
        }
    }

    @Test("when storage refuses writes, appends fail without hanging, nothing acknowledged is lost, and it recovers")
    func failsClosedAndRecovers() throws {
        let store = try ledgerStore()
        let sink = MemoryLogSink()
        let writer = try LedgerWriter(
            store: store, logger: Logger(label: "t", sink: sink), deadline: .seconds(2))
        defer { writer.shutdown() }
        let acknowledged = Mutex<[Int: String]>([:])
        _ = try writer.append((0..<10).map { record("before\($0)") })
        // SQLite reports SQLITE_FULL once the file would grow past max_page_count: a real disk-full path.
        let pages = try store.write { try $0.first("PRAGMA page_count")?.int("page_count") ?? 0 }
        try store.write { try $0.execute("PRAGMA max_page_count = \(raw: String(pages))") }
        var failures = 0
        for step in 0..<200 {
            let text = "during\(step)-" + String(repeating: "x", count: 2000)
            do {
                let range = try writer.append([record(text)])
                acknowledged.withLock { $0[range.lowerBound] = text }
            } catch let error as PHIGuardError {
                #expect(error.code == .ledgerUnavailable)
                failures += 1
            }
        }
        #expect(failures > 0)
        #expect(!writer.isHealthy)
        #expect(sink.rendered.filter { $0.contains("ledger append failed") }.count == 1)

        try store.write { try $0.execute("PRAGMA max_page_count = 1073741823") }
        let after = try writer.append([record("after")])
        #expect(writer.isHealthy)
        let kept = acknowledged.withLock { $0 }
        let count = try store.read { try $0.first("SELECT COUNT(*) AS n FROM ledger_entries")?.int("n") ?? 0 }
        #expect(Int(count) == after.upperBound)
        try store.read { connection in
            for (index, text) in kept {
                let row = try #require(
                    try connection.first("SELECT leaf_hash FROM ledger_entries WHERE seq = \(Int64(index))"))
                #expect(try row.bytes("leaf_hash") == MerkleTree.leafHash(Array(text.utf8)))
            }
        }
    }
}
