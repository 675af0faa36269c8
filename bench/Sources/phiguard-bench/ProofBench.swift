import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardLedger
import PHIGuardStore

/// Inclusion proof latency on a large SQLite ledger.
///
/// Recording ten million events through the ledger takes minutes, so `ledger_entries` is bulk-loaded instead.
/// The rows are synthetic (the leaf hashes are SHA-256 of the index, the sealed entries, MACs and derived
/// columns are small placeholders) but the tree is real: the `nodes` blobs come from `MerkleTreeBuilder`
/// exactly as `LedgerWriter` writes them, so proofs read the same rows, verify against the root, and touch a
/// table and primary-key B-tree of the real shape.
struct ProofBench {
    /// Rows per multi-row INSERT, and INSERTs per transaction.
    static let rowsPerStatement = 250
    static let statementsPerTransaction = 2000

    let stores: BenchStores
    let options: BenchOptions
    let report: BenchReport

    func run() throws {
        let entries = options.proofEntries
        let store = try stores.make(name: "proof")
        defer { store.close() }
        var root: [UInt8] = []
        let buildSeconds = try seconds { root = try load(entries, into: store) }
        BenchReport.note(
            "built \(entries) entries in \(String(format: "%.1f", buildSeconds)) s "
                + "(\(format(Double(entries) / buildSeconds)) rows/s, \(stores.bytesOnDisk >> 20) MiB on disk)")

        let ledger = try AuditLedger(
            store: store, keyring: try BenchEvents.keyring(), signingKey: try Ed25519.PrivateKey(),
            configuration: AuditLedgerConfiguration(origin: "bench.phiguard/proofs"), logger: .disabled)
        defer { ledger.shutdown() }
        guard ledger.size == entries, try ledger.rootHash(treeSize: entries) == root else {
            throw BenchFailure("the bulk-loaded tree does not resume to the root it was built with")
        }
        try checkProofs(ledger, entries: entries, root: root)
        var generator = SystemRandomNumberGenerator()
        let indexes = (0..<options.proofSamples).map { _ in Int.random(in: 0..<entries, using: &generator) }
        _ = try latencies(indexes.prefix(options.proofSamples / 10)) {
            _ = try ledger.inclusionProof(index: $0, treeSize: entries)
        }
        let proofs = try latencies(indexes) { _ = try ledger.inclusionProof(index: $0, treeSize: entries) }
        let reads = try latencies(indexes) { index in
            _ = try store.read { try $0.first("SELECT leaf_hash, nodes FROM ledger_entries WHERE seq = \(index)") }
        }
        addLines(proofs: proofs, reads: reads, entries: entries, buildSeconds: buildSeconds)
    }

    private func addLines(proofs: [Double], reads: [Double], entries: Int, buildSeconds: Double) {
        let size = format(Double(entries))
        for (name, quantile) in [("p50", 0.50), ("p99", 0.99)] {
            report.add(
                BenchLine(
                    key: "proof_\(name)_ms", label: "inclusion proof \(name) at \(size) entries (SQLite)",
                    value: percentile(proofs, quantile) * 1000, unit: "ms",
                    peerLabel: "one point read in its own read transaction, \(name)",
                    peerValue: percentile(reads, quantile) * 1000, goal: name == "p99" ? .atMost(1) : .none))
        }
        report.add(
            BenchLine(
                key: "proof_build_rows_per_s", label: "bulk load of the \(size)-entry tree (\(format(buildSeconds)) s)",
                value: Double(entries) / buildSeconds, unit: "rows/s",
                peerLabel: "openssl SHA-256 64-byte hashes/s / 2 (a leaf and a node per row)",
                peerValue: OpenSSLSpeed.sha256HashesPerSecond / 2))
    }

    /// Seconds each call of `body` took.
    private func latencies(_ indexes: some Collection<Int>, _ body: (Int) throws -> Void) throws -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(indexes.count)
        for index in indexes { out.append(try seconds { try body(index) }) }
        return out.sorted()
    }

    private func percentile(_ sorted: [Double], _ quantile: Double) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * quantile))]
    }

    /// A few proofs, outside the timing, must verify against the root the builder computed.
    private func checkProofs(_ ledger: AuditLedger, entries: Int, root: [UInt8]) throws {
        for index in [0, entries / 3, entries - 1] {
            let proof = try ledger.inclusionProof(index: index, treeSize: entries)
            try MerkleTree.verifyInclusion(
                leafHash: Self.leafHash(index), index: index, treeSize: entries, proof: proof, root: root)
        }
    }

    static func leafHash(_ index: Int) -> [UInt8] {
        withUnsafeBytes(of: UInt64(index).bigEndian) { MerkleTree.leafHash($0) }
    }

    /// Loads `entries` rows in large transactions and returns the root.
    private func load(_ entries: Int, into store: any Store) throws -> [UInt8] {
        var builder = MerkleTreeBuilder()
        let placeholder: [UInt8] = Array(repeating: 0xA5, count: 32)
        let sealed: [UInt8] = Array(repeating: 0x5A, count: 48)
        let time: Int64 = 1_800_000_000_000
        while builder.size < entries {
            try store.write { connection in
                for _ in 0..<Self.statementsPerTransaction where builder.size < entries {
                    var sql: SQL = """
                        INSERT INTO ledger_entries (seq, leaf_hash, nodes, row_mac, sealed_entry, event_class, action,
                            category, outcome, user_index, patient_index, occurred_at, received_at) VALUES
                        """
                    let count = min(Self.rowsPerStatement, entries - builder.size)
                    for row in 0..<count {
                        let seq = builder.size
                        let leaf = Self.leafHash(seq)
                        var nodes: [UInt8] = []
                        builder.append(leaf) { node in
                            if node.level > 0 { nodes.append(contentsOf: node.hash) }
                        }
                        let at = time + Int64(seq)
                        sql.append(
                            """
                            \(raw: row == 0 ? "" : ",")(\(Int64(seq)), \(leaf), \(nodes), \(placeholder), \(sealed),
                            'phi.access', 'view', 'general', 'success', NULL, NULL, \(at), \(at))
                            """)
                    }
                    try connection.execute(sql)
                }
            }
        }
        return builder.rootHash
    }
}
