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
            var scratch = Scratch(keyring: keyring)
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < chunkCount, firstError.withLock({ $0 == nil }) else { return }
                do {
                    let chunk = try scan(chunk: index, scratch: &scratch)
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

    /// One worker's reusable state: the opener with its prepared ciphers, and buffers that keep their capacity
    /// from row to row, so checking a row allocates almost nothing.
    private struct Scratch {
        let opener: Keyring.Opener?
        let indexer: Keyring.BlindIndexer?
        var nodes: [UInt8] = []
        var context: [UInt8] = []
        var plaintext: [UInt8] = []
        var eventClass: [UInt8] = []
        var action: [UInt8] = []
        var category: [UInt8] = []
        var outcome: [UInt8] = []
        var userIndex: [UInt8] = []
        var patientIndex: [UInt8] = []
        var macInput: [UInt8] = []

        init(keyring: Keyring?) {
            opener = keyring.map(Keyring.Opener.init)
            indexer = keyring.map(Keyring.BlindIndexer.init)
        }
    }

    /// The columns read, by position: without keys only what the tree and the pruning rule need.
    private var columns: String {
        let shared = "seq, leaf_hash, nodes, user_index, patient_index"
        return keyring == nil
            ? shared + ", sealed_entry IS NULL"
            : shared
                + ", sealed_entry, row_mac, event_class, action, category, outcome, occurred_at, received_at"
    }

    private func scan(chunk index: Int, scratch: inout Scratch) throws -> LedgerChunk {
        let start = index << chunkLevel
        let end = min(start + (1 << chunkLevel), entryCount)
        var chunk = LedgerChunk(start: start)
        var tree = MerkleTreeBuilder()
        var sizes = checkpointSizes.drop { $0 <= start }.prefix { $0 <= end }
        try store.read { connection in
            try connection.forEachRow(
                """
                SELECT \(raw: columns) FROM ledger_entries WHERE seq >= \(Int64(start)) AND seq < \(Int64(end))
                ORDER BY seq
                """
            ) { row in
                guard chunk.missing == nil else { return }
                let expected = start + tree.size
                guard row.integer(0) == Int64(expected) else {
                    chunk.missing = expected
                    return
                }
                check(
                    row, index: expected, chunkEnd: start + (1 << chunkLevel), tree: &tree, chunk: &chunk,
                    scratch: &scratch)
                while let size = sizes.first, size == start + tree.size {
                    chunk.checkpointFrontiers[size] = tree.frontier
                    sizes.removeFirst()
                }
            }
        }
        if chunk.missing == nil, start + tree.size < end { chunk.missing = start + tree.size }
        chunk.leafCount = tree.size
        chunk.endFrontier = tree.frontier
        return chunk
    }

    /// Checks one row and extends the chunk's tree with its stored leaf hash.
    private func check(
        _ row: RowCursor, index: Int, chunkEnd: Int, tree: inout MerkleTreeBuilder, chunk: inout LedgerChunk,
        scratch: inout Scratch
    ) {
        guard let leafHash = row.withBytes(1, { Array($0) }), MerkleTree.isHash(leafHash) else {
            chunk.fail("entry \(index) has no valid leaf hash", index: index)
            tree.append([UInt8](repeating: 0, count: MerkleTree.hashByteCount))
            return
        }
        scratch.nodes.removeAll(keepingCapacity: true)
        tree.append(leafHash) { node in
            if node.level > 0 { scratch.nodes.append(contentsOf: node.hash) }
        }
        // Only the chunk's last entry closes subtrees above the chunk; the join checks those.
        let storedMatch = row.withBytes(2) { stored in
            let isLast = index == chunkEnd - 1
            if isLast { chunk.storedAbove = Array(stored.dropFirst(scratch.nodes.count)) }
            let compared = isLast ? UnsafeRawBufferPointer(rebasing: stored.prefix(scratch.nodes.count)) : stored
            return ConstantTime.equals(compared, scratch.nodes)
        }
        if storedMatch != true {
            chunk.fail("entry \(index) has wrong stored subtree hashes", index: index)
        }
        guard let opener = scratch.opener, let indexer = scratch.indexer else {
            if row.integer(5) == 1 { checkPruned(row, index: index, chunk: &chunk) }
            return
        }
        let rowMAC = LedgerContexts.rowMAC(indexer, index: index, leafHash: leafHash, scratch: &scratch.macInput)
        if row.withBytes(6, { ConstantTime.equals($0, rowMAC) }) != true {
            chunk.fail("entry \(index) is not the entry stored at this index (row MAC)", index: index)
        }
        guard !row.isNull(5) else {
            checkPruned(row, index: index, chunk: &chunk)
            return
        }
        do {
            try sealingContext(row, scratch: &scratch)
            try row.withBytes(5) { sealed in
                try opener.decrypt(sealed, context: scratch.context, into: &scratch.plaintext)
            }
            if MerkleTree.leafHash(scratch.plaintext) != leafHash {
                chunk.fail("entry \(index) does not hash to its leaf", index: index)
            }
        } catch {
            chunk.fail("entry \(index) or one of its columns was altered (authentication failed)", index: index)
        }
    }

    private func checkPruned(_ row: RowCursor, index: Int, chunk: inout LedgerChunk) {
        chunk.pruned += 1
        if !row.isNull(3) || !row.isNull(4) {
            chunk.fail("pruned entry \(index) still carries search indexes", index: index)
        }
    }

    /// The context the entry was sealed under, rebuilt in `scratch.context` from the row's columns (read with
    /// the keyring).
    private func sealingContext(_ row: RowCursor, scratch: inout Scratch) throws {
        guard row.copyBytes(7, into: &scratch.eventClass), row.copyBytes(8, into: &scratch.action),
            row.copyBytes(10, into: &scratch.outcome), let occurredAt = row.integer(11),
            let receivedAt = row.integer(12)
        else { throw PHIGuardError(.internalError, "a ledger column has the wrong type") }
        let hasCategory = row.copyBytes(9, into: &scratch.category)
        let hasUser = row.copyBytes(3, into: &scratch.userIndex)
        let hasPatient = row.copyBytes(4, into: &scratch.patientIndex)
        scratch.context.removeAll(keepingCapacity: true)
        LedgerContexts.appendEntry(
            to: &scratch.context, eventClass: scratch.eventClass, action: scratch.action,
            category: hasCategory ? scratch.category : nil, outcome: scratch.outcome,
            userIndex: hasUser ? scratch.userIndex : nil, patientIndex: hasPatient ? scratch.patientIndex : nil,
            occurredAt: occurredAt, receivedAt: receivedAt)
    }
}
