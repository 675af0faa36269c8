import Dispatch
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardStore
import Synchronization

/// What one worker found in one aligned chunk of the log.
struct LedgerChunk: Sendable {
    /// The index of the chunk's first entry, a multiple of the chunk size.
    var start: Int
    /// Entries read in order from `start`, up to the end of the chunk or the first absent index.
    var leafCount = 0
    /// The first index of the chunk that has no row; the chunk stops there.
    var missing: Int?
    var pruned = 0
    /// Problems in index order, at most a report's worth.
    var failures: [(index: Int, problem: String)] = []
    /// The chunk's complete subtrees after its last entry read: one node for a whole chunk.
    var endFrontier: [MerkleNode] = []
    /// The stored hashes above the chunk's level that its last entry claims to close, for the join to check.
    var storedAbove: [UInt8] = []
    /// The chunk's complete subtrees at each checkpoint size that ends inside it.
    var checkpointFrontiers: [Int: [MerkleNode]] = [:]

    mutating func fail(_ problem: String, index: Int) {
        if failures.count < 50 { failures.append((index, problem)) }
    }
}

/// Checks the chunks of `0..<entryCount` on worker threads, each chunk on its own read connection.
struct LedgerChunkScan: Sendable {
    let store: any Store
    let keyring: Keyring?
    let chunkLevel: Int
    let entryCount: Int
    /// Sizes at which the join needs a root, ascending.
    let checkpointSizes: [Int]

    /// Every chunk, in order. Workers take the next unchecked chunk until none is left.
    ///
    /// - Throws: the first store error a worker met; the other workers stop at their next chunk.
    func run(workers: Int) throws -> [LedgerChunk] {
        let chunkCount = (entryCount + (1 << chunkLevel) - 1) >> chunkLevel
        let next = Atomic(0)
        let results = Mutex([LedgerChunk?](repeating: nil, count: chunkCount))
        let firstError = Mutex<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: min(workers, chunkCount)) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < chunkCount, firstError.withLock({ $0 == nil }) else { return }
                do {
                    let chunk = try scan(chunk: index)
                    results.withLock { $0[index] = chunk }
                } catch {
                    firstError.withLock { $0 = $0 ?? error }
                    return
                }
            }
        }
        if let error = firstError.withLock({ $0 }) { throw error }
        return results.withLock { $0.compactMap { $0 } }
    }

    /// The columns read, by position: without keys only what the tree and the pruning rule need.
    private var columns: String {
        let shared = "seq, leaf_hash, nodes, user_index, patient_index"
        return keyring == nil
            ? shared + ", sealed_entry IS NULL"
            : shared
                + ", sealed_entry, row_mac, event_class, action, category, outcome, occurred_at, received_at"
    }

    private func scan(chunk index: Int) throws -> LedgerChunk {
        let start = index << chunkLevel
        let end = min(start + (1 << chunkLevel), entryCount)
        let rows = try store.read { connection in
            try connection.query(
                """
                SELECT \(raw: columns) FROM ledger_entries WHERE seq >= \(Int64(start)) AND seq < \(Int64(end))
                ORDER BY seq
                """)
        }
        var chunk = LedgerChunk(start: start)
        var tree = MerkleTreeBuilder()
        var sizes = checkpointSizes.drop { $0 <= start }.prefix { $0 <= end }
        for row in rows {
            let expected = start + tree.size
            guard row.values[0].integer == Int64(expected) else {
                chunk.missing = expected
                break
            }
            check(row.values, index: expected, chunkEnd: start + (1 << chunkLevel), tree: &tree, chunk: &chunk)
            while let size = sizes.first, size == start + tree.size {
                chunk.checkpointFrontiers[size] = tree.frontier
                sizes.removeFirst()
            }
        }
        if chunk.missing == nil, start + tree.size < end { chunk.missing = start + tree.size }
        chunk.leafCount = tree.size
        chunk.endFrontier = tree.frontier
        return chunk
    }

    /// Checks one row and extends the chunk's tree with its stored leaf hash.
    private func check(
        _ values: [SQLValue], index: Int, chunkEnd: Int, tree: inout MerkleTreeBuilder, chunk: inout LedgerChunk
    ) {
        guard let leafHash = values[1].blob, MerkleTree.isHash(leafHash), let storedNodes = values[2].blob else {
            chunk.fail("entry \(index) has no valid leaf hash", index: index)
            tree.append([UInt8](repeating: 0, count: MerkleTree.hashByteCount))
            return
        }
        var nodes: [UInt8] = []
        tree.append(leafHash) { node in
            if node.level > 0 { nodes.append(contentsOf: node.hash) }
        }
        // Only the chunk's last entry closes subtrees above the chunk; the join checks those.
        let stored = index == chunkEnd - 1 ? storedNodes.prefix(nodes.count) : storedNodes[...]
        if index == chunkEnd - 1 { chunk.storedAbove = Array(storedNodes.dropFirst(nodes.count)) }
        if !stored.elementsEqual(nodes) {
            chunk.fail("entry \(index) has wrong stored subtree hashes", index: index)
        }
        guard let keyring else {
            if values[5].integer == 1 { checkPruned(values, index: index, chunk: &chunk) }
            return
        }
        let rowMAC = LedgerContexts.rowMAC(keyring, index: index, leafHash: leafHash)
        if values[6].blob.map({ ConstantTime.equals($0, rowMAC) }) != true {
            chunk.fail("entry \(index) is not the entry stored at this index (row MAC)", index: index)
        }
        guard let sealed = values[5].blob else {
            checkPruned(values, index: index, chunk: &chunk)
            return
        }
        do {
            let entry = try keyring.decrypt(sealed, context: try Self.sealingContext(values))
            if MerkleTree.leafHash(entry) != leafHash {
                chunk.fail("entry \(index) does not hash to its leaf", index: index)
            }
        } catch {
            chunk.fail("entry \(index) or one of its columns was altered (authentication failed)", index: index)
        }
    }

    private func checkPruned(_ values: [SQLValue], index: Int, chunk: inout LedgerChunk) {
        chunk.pruned += 1
        if !values[3].isNull || !values[4].isNull {
            chunk.fail("pruned entry \(index) still carries search indexes", index: index)
        }
    }

    /// The context the entry was sealed under, rebuilt from the row's columns (read with the keyring).
    private static func sealingContext(_ values: [SQLValue]) throws -> [UInt8] {
        guard let eventClass = values[7].text, let action = values[8].text, let outcome = values[10].text,
            let occurredAt = values[11].integer, let receivedAt = values[12].integer
        else { throw PHIGuardError(.internalError, "a ledger column has the wrong type") }
        return LedgerContexts.entry(
            eventClass: eventClass, action: action, category: values[9].text, outcome: outcome,
            userIndex: values[3].blob, patientIndex: values[4].blob, occurredAt: occurredAt, receivedAt: receivedAt)
    }
}
