import Dispatch
import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardPolicy
import PHIGuardStore
import Synchronization

/// The requests behind recent decisions, kept so a candidate policy version can be tried against real traffic
/// before it is activated. Each request is stored encrypted (it names patients and may carry a justification);
/// the ledger entry of the decision is the record of it, this log only serves replays.
///
/// Decisions are written in the background: `record` queues them and returns, and a writer commits what is
/// queued in transactions of up to `Writer.maxBatch`, so deciding never waits for this log and many requests
/// share a commit. The
/// queue is bounded: past `pendingLimit` decisions, `record` waits for the writer. `flush()` (called by
/// `replay` and at shutdown) waits until everything recorded before it is in the store.
public struct DecisionLog: Sendable {
    private let store: any Store
    private let keyring: Keyring
    private let writer: Writer

    /// - Parameters:
    ///   - logger: where write failures are reported (without the requests).
    ///   - pendingLimit: the most decisions queued before `record` waits for the writer.
    public init(store: any Store, keyring: Keyring, logger: Logger = .disabled, pendingLimit: Int = 20_000) {
        self.store = store
        self.keyring = keyring
        self.writer = Writer(store: store, keyring: keyring, logger: logger, pendingLimit: pendingLimit)
    }

    /// Queues decisions with their ledger indexes for the background writer.
    ///
    /// The commit does not wait for the disk (`WriteDurability.deferred`): the decisions themselves are already
    /// durable in the ledger, and these copies reach the disk with the ledger's next group commit. A crash
    /// before then, or a failed write (logged), loses only the newest requests for dry runs.
    public func record(_ decisions: [(id: String, decision: AccessDecision, ledgerIndex: Int?)], at time: Date) {
        writer.enqueue(
            decisions.map { Writer.Pending(id: $0.id, decision: $0.decision, ledgerIndex: $0.ledgerIndex, time: time) })
    }

    /// Waits until every decision recorded before the call has been written (or its write has failed).
    public func flush() {
        writer.flush()
    }

    /// Writes queued decisions on a serial queue, oldest first.
    final class Writer: Sendable {
        struct Pending: Sendable {
            var id: String
            var decision: AccessDecision
            var ledgerIndex: Int?
            var time: Date
        }

        private struct State {
            var pending: [Pending] = []
            var drainScheduled = false
            /// Decisions ever queued, and ever finished by a drain (written, or their write failed): `flush`
            /// waits for the second to reach the first as it was when it was called. Counting decisions when a
            /// drain takes them instead would let `flush` return while that drain is still writing.
            var queued = 0
            var finished = 0
        }

        private let store: any Store
        private let keyring: Keyring
        private let logger: Logger
        private let pendingLimit: Int
        private let state = Mutex(State())
        private let queue = DispatchQueue(label: "phiguard.decision-log")
        /// The most decisions written in one transaction.
        static let maxBatch = 1_000

        init(store: any Store, keyring: Keyring, logger: Logger, pendingLimit: Int) {
            self.store = store
            self.keyring = keyring
            self.logger = logger
            self.pendingLimit = pendingLimit
        }

        func enqueue(_ decisions: [Pending]) {
            guard !decisions.isEmpty else { return }
            let (schedule, full) = state.withLock { state in
                state.pending += decisions
                state.queued += decisions.count
                let schedule = !state.drainScheduled
                state.drainScheduled = true
                return (schedule, state.pending.count > pendingLimit)
            }
            if schedule { queue.async { self.drain() } }
            if full { flush() }
        }

        func flush() {
            let target = state.withLock { $0.queued }
            // Drains take the oldest decisions first, so each pass through the queue gets closer to the target.
            repeat { queue.sync {} } while state.withLock { $0.finished < target }
        }

        /// Writes the oldest waiting decisions, at most `maxBatch`, scheduling itself again while more wait: a
        /// bounded transaction holds the store's writer briefly, so ledger commits are never held up for long.
        private func drain() {
            let (batch, more) = state.withLock { state in
                let batch = Array(state.pending.prefix(Self.maxBatch))
                state.pending.removeFirst(batch.count)
                state.drainScheduled = !state.pending.isEmpty
                return (batch, state.drainScheduled)
            }
            if more { queue.async { self.drain() } }
            defer { state.withLock { $0.finished += batch.count } }
            do {
                let rows: [[SQLValue]] = try batch.map { item in
                    let sealed = try keyring.encrypt(item.decision.request.json.encoded(), context: DecisionLog.context)
                    return [
                        .text(item.id), .integer(Int64(item.time.timeIntervalSince1970)),
                        .integer(Int64(item.decision.policyVersion)), .text(item.decision.decision.rawValue),
                        .blob(sealed), item.ledgerIndex.map { .integer(Int64($0)) } ?? .null,
                    ]
                }
                let insert: SQL = """
                    INSERT INTO access_decisions (id, decided_at, policy_version, decision, request, ledger_index)
                    VALUES (\(""), \(Int64(0)), \(Int64(0)), \(""), \([UInt8]()), \(Int64(0)))
                    """
                try store.write(durability: .deferred) { try $0.executeMany(insert, binds: rows) }
            } catch {
                // The ledger holds the decisions; only dry runs lose these requests.
                logger.warning("decision requests not kept for dry runs", Logger.errorMetadata(error))
            }
        }
    }

    /// One replayed decision whose outcome would change.
    public struct Change: Sendable, Hashable {
        public var id: String
        public var decidedAt: Date
        public var ledgerIndex: Int?
        public var request: AccessRequest
        public var before: Decision
        public var after: Decision
        public var afterPolicies: [String]
    }

    /// What a replay found.
    public struct Replay: Sendable {
        public var replayed: Int
        public var changes: [Change]
        /// Recorded requests the candidate could not decide (an action it no longer declares, a context that no
        /// longer fits its schema), by decision id.
        public var failures: [String: String]
    }

    /// Decides every request recorded since `since` with `candidate` and lists the ones whose decision differs.
    /// Entities are read from the directory as it is now.
    ///
    /// - Parameter limit: the most decisions replayed, newest first.
    public func replay(since: Date, with candidate: CompiledPolicies, decider: AccessDecider, limit: Int = 100_000)
        throws -> Replay
    {
        flush()
        let rows = try store.read {
            try $0.query(
                """
                SELECT id, decided_at, decision, request, ledger_index FROM access_decisions
                WHERE decided_at >= \(Int64(since.timeIntervalSince1970)) ORDER BY decided_at DESC, id LIMIT \(limit)
                """)
        }
        var changes: [Change] = []
        var failures: [String: String] = [:]
        for row in rows {
            let id = try row.string("id")
            let json = try keyring.decrypt(try row.bytes("request"), context: Self.context)
            let request = try AccessRequest(json: try JSONValue.parse(json))
            let before = Decision(rawValue: try row.string("decision")) ?? .deny
            do {
                let after = try decider.decide(request, with: candidate, fillContext: false)
                if after.decision != before {
                    changes.append(
                        Change(
                            id: id, decidedAt: Date(timeIntervalSince1970: TimeInterval(try row.int("decided_at"))),
                            ledgerIndex: row.optionalInt("ledger_index").map(Int.init), request: request,
                            before: before, after: after.decision, afterPolicies: after.policies))
                }
            } catch let error as AccessRequestError {
                failures[id] = error.description
            }
        }
        return Replay(replayed: rows.count, changes: changes, failures: failures)
    }

    /// Deletes recorded requests older than `cutoff`; the ledger keeps the decisions themselves.
    @discardableResult
    public func prune(before cutoff: Date) throws -> Int {
        try store.write {
            try $0.execute("DELETE FROM access_decisions WHERE decided_at < \(Int64(cutoff.timeIntervalSince1970))")
        }
    }

    fileprivate static let context = "access.decision_request"
}
