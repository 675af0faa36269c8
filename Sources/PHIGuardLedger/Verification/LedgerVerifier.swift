import Dispatch
import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardStore
import Synchronization

/// Recomputes a ledger from its stored rows and checks everything it can derive, for auditors and operators.
///
/// For each entry: the index follows the previous one (a deleted, inserted or reordered row breaks the sequence
/// or the hashes); the sealed entry decrypts under a context that binds every searchable column, so a changed
/// column or entry fails authentication; the decrypted bytes hash to the stored leaf hash; and the subtree
/// hashes the leaf closes equal the stored ones. For each checkpoint: the signature verifies under the trusted
/// key, its origin is the ledger's, and its root equals the recomputed root at its size (which also proves every
/// pair of checkpoints consistent). The first bad index is reported.
///
/// The log is cut into aligned chunks of `2^chunkLevel` entries, each a complete subtree of the tree, which
/// worker threads check and hash on their own read connections. One thread then joins the chunk hashes in
/// order, exactly as the leaves would have joined, checking the stored hashes above the chunks and the
/// checkpoints' roots on the way.
public enum LedgerVerifier {
    /// Verifies the ledger in `store`.
    ///
    /// - Parameters:
    ///   - keyring: opens sealed entries; nil checks the tree and checkpoints only (an auditor without keys).
    ///   - verifier: the trusted checkpoint key.
    ///   - chunkLevel: each worker's unit is `2^chunkLevel` entries, read in one query.
    ///   - workers: threads checking chunks at once; by default one per core, at most four.
    public static func verify(
        store: any Store, keyring: Keyring?, verifier: NoteVerifier, chunkLevel: Int = 14,
        workers: Int = min(4, ProcessInfo.processInfo.activeProcessorCount)
    ) throws -> LedgerVerificationReport {
        precondition((0...30).contains(chunkLevel), "chunks are 1 to 2^30 entries")
        let started = Date()
        var report = LedgerVerificationReport()
        // Checkpoints first: entries appended meanwhile only add to the log the count below sees.
        let checkpoints = try loadCheckpoints(store: store, verifier: verifier, report: &report)
        let count = Int(
            try store.read { try $0.first("SELECT count(*) AS n FROM ledger_entries") }?.int("n") ?? 0)
        // When the stored indexes are not exactly 0..<count, one of 0..<count is absent: checking that range
        // finds it, however large a moved index is.
        let scan = LedgerChunkScan(
            store: store, keyring: keyring, chunkLevel: chunkLevel, entryCount: count,
            checkpointSizes: checkpoints.map(\.size))
        let chunks = try scan.run(workers: max(1, workers))

        var tree = MerkleTreeBuilder()
        var pending = checkpoints[...]
        while let checkpoint = pending.first, checkpoint.size == 0 {
            if checkpoint.rootHash != MerkleTree.emptyRoot {
                report.fail("checkpoint at size 0 does not match the empty tree", index: 0)
            }
            pending.removeFirst()
        }
        for chunk in chunks {
            report.pruned += chunk.pruned
            for failure in chunk.failures { report.fail(failure.problem, index: failure.index) }
            let end = chunk.start + chunk.leafCount
            while let checkpoint = pending.first, checkpoint.size <= end {
                var partial = tree
                for node in chunk.checkpointFrontiers[checkpoint.size] ?? [] {
                    partial.append(subtree: node.hash, level: node.level)
                }
                if partial.size != checkpoint.size || partial.rootHash != checkpoint.rootHash {
                    report.fail(
                        "checkpoint at size \(checkpoint.size) does not match the recomputed root",
                        index: checkpoint.size - 1)
                }
                pending.removeFirst()
            }
            var above: [UInt8] = []
            for node in chunk.endFrontier {
                tree.append(subtree: node.hash, level: node.level) { joined in
                    if joined.level > node.level { above.append(contentsOf: joined.hash) }
                }
            }
            if above != chunk.storedAbove {
                report.fail("entry \(end - 1) has wrong stored subtree hashes", index: end - 1)
            }
            if let missing = chunk.missing {
                // Every later hash depends on the absent entry: nothing after it can be checked.
                report.fail("entry \(missing) is missing", index: missing)
                return finish(report, tree: tree, started: started)
            }
        }
        for checkpoint in pending {
            report.fail("checkpoint at size \(checkpoint.size) covers entries the log no longer has", index: tree.size)
        }
        return finish(report, tree: tree, started: started)
    }

    private static func finish(_ report: LedgerVerificationReport, tree: MerkleTreeBuilder, started: Date)
        -> LedgerVerificationReport
    {
        var report = report
        report.entries = tree.size
        report.rootHash = tree.rootHash.hex
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Reads every checkpoint, checking its signature, origin and stored columns.
    private static func loadCheckpoints(
        store: any Store, verifier: NoteVerifier, report: inout LedgerVerificationReport
    ) throws -> [Checkpoint] {
        let rows = try store.read { try $0.query("SELECT * FROM ledger_checkpoints ORDER BY tree_size") }
        var checkpoints: [Checkpoint] = []
        for row in rows {
            let size = Int(row.optionalInt("tree_size") ?? -1)
            do {
                let checkpoint = try Checkpoint.open(
                    try row.string("note"), verifiers: [verifier], origin: verifier.name)
                guard checkpoint.size == size, checkpoint.rootHash == row["root_hash"].blob else {
                    report.fail("checkpoint at size \(size) disagrees with its stored columns", index: max(0, size - 1))
                    continue
                }
                checkpoints.append(checkpoint)
                report.checkpoints += 1
            } catch {
                report.fail("checkpoint at size \(size) has no valid signature", index: max(0, size - 1))
            }
        }
        return checkpoints
    }
}
