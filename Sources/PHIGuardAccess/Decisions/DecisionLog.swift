import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardPolicy
import PHIGuardStore

/// The requests behind recent decisions, kept so a candidate policy version can be tried against real traffic
/// before it is activated. Each request is stored encrypted (it names patients and may carry a justification);
/// the ledger entry of the decision is the record of it, this log only serves replays.
public struct DecisionLog: Sendable {
    private let store: any Store
    private let keyring: Keyring

    public init(store: any Store, keyring: Keyring) {
        self.store = store
        self.keyring = keyring
    }

    /// Stores decisions with their ledger indexes, in one transaction.
    ///
    /// The commit does not wait for the disk (`WriteDurability.deferred`): the decisions themselves are already
    /// durable in the ledger, and these copies reach the disk with the ledger's next group commit. A crash in
    /// between loses only the newest requests for dry runs.
    public func record(_ decisions: [(id: String, decision: AccessDecision, ledgerIndex: Int?)], at time: Date) throws {
        let seconds = Int64(time.timeIntervalSince1970)
        let rows: [[SQLValue]] = try decisions.map { item in
            let sealed = try keyring.encrypt(item.decision.request.json.encoded(), context: Self.context)
            return [
                .text(item.id), .integer(seconds), .integer(Int64(item.decision.policyVersion)),
                .text(item.decision.decision.rawValue), .blob(sealed),
                item.ledgerIndex.map { .integer(Int64($0)) } ?? .null,
            ]
        }
        let insert: SQL = """
            INSERT INTO access_decisions (id, decided_at, policy_version, decision, request, ledger_index)
            VALUES (\(""), \(Int64(0)), \(Int64(0)), \(""), \([UInt8]()), \(Int64(0)))
            """
        try store.write(durability: .deferred) { try $0.executeMany(insert, binds: rows) }
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

    private static let context = "access.decision_request"
}
