import Dispatch
import Foundation
import PHIGuardCore
import PHIGuardStore
import Synchronization

/// Appends records to the ledger with group commit: concurrent callers share one durable transaction.
///
/// Callers prepare their records (canonical bytes, hashes, sealing) on their own threads and call `append`,
/// which queues them and blocks. One sequencer thread takes everything queued (up to `maxBatch` records),
/// assigns indexes, extends the Merkle frontier, writes the rows with the subtree hashes they close in one
/// transaction, and only then wakes the callers: an index returned is durable. A failed transaction rolls
/// the frontier back, fails every caller of the batch, marks the writer unhealthy (logged once) and leaves
/// the next batch to try again, so service resumes by itself when storage returns.
///
/// Callers wait at most `deadline`. A caller that gives up is told the ledger is unavailable; its records
/// may still commit afterwards, so a client that retries can store an event twice but never loses one that
/// was acknowledged.
public final class LedgerWriter: Sendable {
    private struct State {
        var queue: [AppendTicket] = []
        var builder: MerkleTreeBuilder
        var healthy = true
        var stopping = false
    }

    /// Computes the keyed MAC binding an index to its leaf hash (see `LedgerSchema`).
    public typealias RowAuthenticator = @Sendable (_ index: Int, _ leafHash: [UInt8]) -> [UInt8]

    private let store: any Store
    private let logger: Logger
    private let authenticate: RowAuthenticator
    private let maxBatch: Int
    private let deadline: Duration
    private let state: Mutex<State>
    private let work = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    /// Opens the writer on a migrated store, resuming the tree from its stored frontier.
    ///
    /// - Parameters:
    ///   - maxBatch: the most records one transaction takes (a larger single request still goes alone).
    ///   - deadline: how long a caller waits for durability before being told the ledger is unavailable.
    ///   - authenticate: the row MAC; rows get an empty MAC without one (tests of sequencing only).
    public init(
        store: any Store, logger: Logger, maxBatch: Int = 4096, deadline: Duration = .seconds(5),
        authenticate: @escaping RowAuthenticator = { _, _ in [] }
    ) throws {
        self.store = store
        self.authenticate = authenticate
        self.logger = logger
        self.maxBatch = maxBatch
        self.deadline = deadline
        let builder = try store.read { connection in
            let size = try connection.first("SELECT COUNT(*) AS n FROM ledger_entries")?.int("n") ?? 0
            return try MerkleTreeBuilder(size: Int(size), source: StoredMerkleHashSource(connection: connection))
        }
        state = Mutex(State(builder: builder))
        let thread = Thread { [self] in self.sequence() }
        thread.name = "phiguard-ledger-sequencer"
        thread.start()
    }

    /// The number of durable entries.
    public var size: Int { state.withLock { $0.builder.size } }

    /// The size and root hash of the durable tree, read together.
    public var head: (size: Int, rootHash: [UInt8]) {
        state.withLock { ($0.builder.size, $0.builder.rootHash) }
    }

    /// Whether the last transaction succeeded; false while storage refuses writes.
    public var isHealthy: Bool { state.withLock { $0.healthy } }

    /// Appends records and returns their indexes once they are durable.
    ///
    /// - Throws: `ledger.unavailable` when storage fails or the deadline passes first.
    public func append(_ records: [LedgerRecord]) throws -> Range<Int> {
        guard !records.isEmpty else { return 0..<0 }
        let ticket = AppendTicket(records: records)
        let accepted = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.queue.append(ticket)
            return true
        }
        guard accepted else { throw PHIGuardError(.ledgerUnavailable, "the ledger is shutting down") }
        work.signal()
        let nanoseconds = deadline.components.seconds * 1_000_000_000 + deadline.components.attoseconds / 1_000_000_000
        switch ticket.wait(until: .now() + .nanoseconds(Int(nanoseconds))) {
        case .success(let first)?: return first..<(first + records.count)
        case .failure(let failure)?: throw PHIGuardError(.ledgerUnavailable, failure.reason)
        case nil: throw PHIGuardError(.ledgerUnavailable, "the ledger did not confirm the write in time")
        }
    }

    /// Stops the sequencer after it has written everything already queued.
    public func shutdown() {
        let wasRunning = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard wasRunning else { return }
        work.signal()
        stopped.wait()
    }

    // MARK: The sequencer thread

    private func sequence() {
        while true {
            // While storage is failing, wake every second to probe it, so readiness recovers without traffic.
            if work.wait(timeout: .now() + .seconds(1)) == .timedOut {
                if !isHealthy { probe() }
                continue
            }
            while let batch = takeBatch() {
                commit(batch)
            }
            if state.withLock({ $0.stopping && $0.queue.isEmpty }) {
                stopped.signal()
                return
            }
        }
    }

    /// Tries an empty write transaction; success marks the writer healthy again.
    private func probe() {
        guard (try? store.write { _ in }) != nil else { return }
        state.withLock { $0.healthy = true }
        logger.notice("ledger storage recovered; appends resumed")
    }

    /// Takes queued tickets up to `maxBatch` records (always at least one ticket).
    private func takeBatch() -> [AppendTicket]? {
        state.withLock { state in
            guard !state.queue.isEmpty else { return nil }
            var count = 0
            var taken = 0
            for ticket in state.queue {
                if taken > 0 && count + ticket.records.count > maxBatch { break }
                count += ticket.records.count
                taken += 1
            }
            let batch = Array(state.queue.prefix(taken))
            state.queue.removeFirst(taken)
            return batch
        }
    }

    private func commit(_ batch: [AppendTicket]) {
        var committed: MerkleTreeBuilder?
        var first = 0
        do {
            try store.write { connection in
                var builder = try self.synchronized(state.withLock { $0.builder }, on: connection)
                first = builder.size
                // One prepared INSERT run once per row: the statement text is built and looked up once.
                var template: SQL?
                var rows: [[SQLValue]] = []
                rows.reserveCapacity(batch.reduce(0) { $0 + $1.records.count })
                for ticket in batch {
                    for record in ticket.records {
                        var nodes: [UInt8] = []
                        let seq = builder.size
                        builder.append(record.leafHash) { node in
                            if node.level > 0 { nodes.append(contentsOf: node.hash) }
                        }
                        let insertion = Self.insertion(seq, record, nodes, authenticate(seq, record.leafHash))
                        if template == nil { template = insertion }
                        rows.append(insertion.binds)
                    }
                }
                if let template { try connection.executeMany(template, binds: rows) }
                committed = builder
            }
        } catch {
            let wasHealthy = state.withLock { state -> Bool in
                defer { state.healthy = false }
                return state.healthy
            }
            if wasHealthy {
                logger.error("ledger append failed; refusing work until storage recovers", Logger.errorMetadata(error))
            }
            let failure = PHIGuardLedgerFailure(reason: "the ledger cannot write durably right now")
            batch.forEach { $0.complete(.failure(failure)) }
            return
        }
        let recovered = state.withLock { state -> Bool in
            if let committed { state.builder = committed }
            defer { state.healthy = true }
            return !state.healthy
        }
        if recovered { logger.notice("ledger storage recovered; appends resumed") }
        var next = first
        for ticket in batch {
            ticket.complete(.success(next))
            next += ticket.records.count
        }
    }

    /// The frontier to append after, inside the write transaction. Another process may have appended since
    /// this one last did (an operator's CLI command beside the server, another cluster node): then the tree is
    /// resumed from the store. On PostgreSQL a transaction-scoped advisory lock serializes writers across nodes;
    /// SQLite's write lock already does.
    private func synchronized(_ builder: MerkleTreeBuilder, on connection: any StoreConnection) throws
        -> MerkleTreeBuilder
    {
        if connection.dialect == .postgres {
            _ = try connection.query("SELECT pg_advisory_xact_lock(\(Self.advisoryLockKey))")
        }
        let stored = Int(
            try connection.first("SELECT COALESCE(MAX(seq), -1) + 1 AS n FROM ledger_entries")?.int("n") ?? 0)
        guard stored != builder.size else { return builder }
        return try MerkleTreeBuilder(size: stored, source: StoredMerkleHashSource(connection: connection))
    }

    /// The PostgreSQL advisory lock key of the ledger sequencer (ASCII "PHGL").
    static let advisoryLockKey: Int64 = 0x5048_474C

    private static func insertion(_ seq: Int, _ record: LedgerRecord, _ nodes: [UInt8], _ mac: [UInt8]) -> SQL {
        """
        INSERT INTO ledger_entries (seq, leaf_hash, nodes, row_mac, sealed_entry, event_class, action, category, outcome,
            user_index, patient_index, occurred_at, received_at)
        VALUES (\(Int64(seq)), \(record.leafHash), \(nodes), \(mac), \(record.sealedEntry), \(record.eventClass),
            \(record.action), \(record.category), \(record.outcome), \(record.userIndex), \(record.patientIndex),
            \(record.occurredAt), \(record.receivedAt))
        """
    }
}

extension PHIGuardError.Code {
    /// The ledger cannot append durably now (storage failing or too slow); PHI requests fail closed.
    public static let ledgerUnavailable = PHIGuardError.Code("ledger.unavailable")
}
