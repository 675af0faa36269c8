import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardStore

/// Recomputes a ledger from its stored rows and checks everything it can derive, for auditors and operators.
///
/// For each entry, in index order: the index follows the previous one (a deleted, inserted or reordered row
/// breaks the sequence or the hashes); the sealed entry decrypts under a context that binds every searchable
/// column, so a changed column or entry fails authentication; the decrypted bytes hash to the stored leaf hash;
/// and the subtree hashes the leaf closes equal the stored ones. For each checkpoint: the signature verifies
/// under the trusted key, its origin is the ledger's, and its root equals the recomputed root at its size
/// (which also proves every pair of checkpoints consistent). The first bad index is reported.
public enum LedgerVerifier {
    /// Verifies the ledger in `store`.
    ///
    /// - Parameters:
    ///   - keyring: opens sealed entries; nil checks the tree and checkpoints only (an auditor without keys).
    ///   - verifier: the trusted checkpoint key.
    ///   - batchSize: rows read per query.
    public static func verify(
        store: any Store, keyring: Keyring?, verifier: NoteVerifier, batchSize: Int = 20_000
    ) throws -> LedgerVerificationReport {
        let started = Date()
        var report = LedgerVerificationReport()
        let checkpoints = try loadCheckpoints(store: store, verifier: verifier, report: &report)
        var pendingCheckpoints = checkpoints[...]
        var builder = MerkleTreeBuilder()
        var next = 0
        // Without keys, only the columns the tree and the pruning rule need are read.
        let columns =
            keyring == nil ? "seq, leaf_hash, nodes, user_index, patient_index, sealed_entry IS NULL AS pruned" : "*"
        while true {
            let rows = try store.read { connection in
                try connection.query(
                    """
                    SELECT \(raw: columns) FROM ledger_entries WHERE seq >= \(Int64(next)) ORDER BY seq
                    LIMIT \(Int64(batchSize))
                    """)
            }
            for row in rows {
                let seq = Int(try row.int("seq"))
                if seq != builder.size {
                    report.fail("entry \(builder.size) is missing (next stored index is \(seq))", index: builder.size)
                    return finish(report, builder: builder, started: started)
                }
                check(row: row, index: seq, keyring: keyring, builder: &builder, report: &report)
                while let checkpoint = pendingCheckpoints.first, checkpoint.size == builder.size {
                    if checkpoint.rootHash != builder.rootHash {
                        report.fail(
                            "checkpoint at size \(checkpoint.size) does not match the recomputed root",
                            index: checkpoint.size - 1)
                    }
                    pendingCheckpoints.removeFirst()
                }
            }
            guard let last = rows.last else { break }
            next = Int(try last.int("seq")) + 1
        }
        for checkpoint in pendingCheckpoints {
            report.fail(
                "checkpoint at size \(checkpoint.size) covers entries the log no longer has", index: builder.size)
        }
        return finish(report, builder: builder, started: started)
    }

    private static func finish(_ report: LedgerVerificationReport, builder: MerkleTreeBuilder, started: Date)
        -> LedgerVerificationReport
    {
        var report = report
        report.entries = builder.size
        report.rootHash = builder.rootHash.hex
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Checks one row and extends the tree with its stored leaf hash.
    private static func check(
        row: Row, index: Int, keyring: Keyring?, builder: inout MerkleTreeBuilder,
        report: inout LedgerVerificationReport
    ) {
        guard let leafHash = row["leaf_hash"].blob, MerkleTree.isHash(leafHash), let storedNodes = row["nodes"].blob
        else {
            report.fail("entry \(index) has no valid leaf hash", index: index)
            builder.append([UInt8](repeating: 0, count: MerkleTree.hashByteCount))
            return
        }
        var nodes: [UInt8] = []
        builder.append(leafHash) { node in
            if node.level > 0 { nodes.append(contentsOf: node.hash) }
        }
        if nodes != storedNodes { report.fail("entry \(index) has wrong stored subtree hashes", index: index) }
        if let keyring,
            row["row_mac"].blob.map({
                ConstantTime.equals($0, LedgerContexts.rowMAC(keyring, index: index, leafHash: leafHash))
            })
                != true
        {
            report.fail("entry \(index) is not the entry stored at this index (row MAC)", index: index)
        }
        let isPruned = keyring == nil ? row["pruned"].integer == 1 : row["sealed_entry"].isNull
        guard !isPruned, let sealed = keyring == nil ? [] : row["sealed_entry"].blob else {
            report.pruned += 1
            if row["user_index"].blob != nil || row["patient_index"].blob != nil {
                report.fail("pruned entry \(index) still carries search indexes", index: index)
            }
            return
        }
        guard let keyring else { return }
        do {
            let entry = try keyring.decrypt(sealed, context: try LedgerRecord.sealingContext(of: row))
            if MerkleTree.leafHash(entry) != leafHash {
                report.fail("entry \(index) does not hash to its leaf", index: index)
            }
        } catch {
            report.fail("entry \(index) or one of its columns was altered (authentication failed)", index: index)
        }
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
