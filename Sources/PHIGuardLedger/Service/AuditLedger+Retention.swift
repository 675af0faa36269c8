import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardStore

/// A legal hold: entries it covers are never pruned while it is active.
public struct LegalHold: Sendable, Codable, Equatable {
    public let id: String
    public let reason: String
    /// Set when the hold covers one patient's entries (kept as a keyed index, not in clear).
    public let coversPatient: Bool
    /// Set when the hold covers one user's entries.
    public let coversUser: Bool
    public let fromIndex: Int?
    public let toIndex: Int?
    public let createdAt: Date
    public let releasedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, reason
        case coversPatient = "covers_patient"
        case coversUser = "covers_user"
        case fromIndex = "from_index"
        case toIndex = "to_index"
        case createdAt = "created_at"
        case releasedAt = "released_at"
    }
}

/// What pruning would remove, or removed.
public struct PruneSummary: Sendable, Codable, Equatable {
    /// Entries past retention and not held.
    public let entries: Int
    /// Entries past retention that active holds keep.
    public let held: Int
    public let firstIndex: Int?
    public let lastIndex: Int?

    public init(entries: Int, held: Int, firstIndex: Int?, lastIndex: Int?) {
        self.entries = entries
        self.held = held
        self.firstIndex = firstIndex
        self.lastIndex = lastIndex
    }

    enum CodingKeys: String, CodingKey {
        case entries, held
        case firstIndex = "first_index"
        case lastIndex = "last_index"
    }
}

extension AuditLedger {
    /// Entries whose retention has run out at `now`: the event and its search indexes can go, the hashes stay,
    /// so every proof and checkpoint remains valid.
    ///
    /// - Parameter dryRun: report only.
    public func prune(now: Date = Date(), dryRun: Bool) throws -> PruneSummary {
        let holds = try self.holds().filter { $0.releasedAt == nil }
        let heldPatients = Set(try activeHoldIndexes(column: "patient_index"))
        let heldUsers = Set(try activeHoldIndexes(column: "user_index"))
        var eligible: [Int64] = []
        var held = 0
        try store.read { connection in
            for row in try connection.query(
                "SELECT seq, event_class, occurred_at, user_index, patient_index FROM ledger_entries WHERE sealed_entry IS NOT NULL ORDER BY seq"
            ) {
                let seq = try row.int("seq")
                let years = configuration.retention(for: AuditEventClass(rawValue: try row.string("event_class")))
                let occurred = Date(timeIntervalSince1970: Double(try row.int("occurred_at")) / 1000)
                guard let until = Calendar(identifier: .gregorian).date(byAdding: .year, value: years, to: occurred),
                    until <= now
                else { continue }
                let coveredByRange = holds.contains { hold in
                    hold.fromIndex.map { Int(seq) >= $0 } ?? false && hold.toIndex.map { Int(seq) <= $0 } ?? false
                }
                let coveredByPerson =
                    row["patient_index"].blob.map(heldPatients.contains) ?? false
                    || row["user_index"].blob.map(heldUsers.contains) ?? false
                if coveredByRange || coveredByPerson {
                    held += 1
                } else {
                    eligible.append(seq)
                }
            }
        }
        if !dryRun && !eligible.isEmpty {
            for chunk in stride(from: 0, to: eligible.count, by: 1000) {
                let slice = eligible[chunk..<min(chunk + 1000, eligible.count)]
                try store.write { connection in
                    for seq in slice {
                        try connection.execute(
                            """
                            UPDATE ledger_entries SET sealed_entry = NULL, user_index = NULL, patient_index = NULL
                            WHERE seq = \(seq)
                            """
                        )
                    }
                }
            }
        }
        return PruneSummary(
            entries: eligible.count, held: held, firstIndex: eligible.first.map(Int.init),
            lastIndex: eligible.last.map(Int.init))
    }

    /// Places a legal hold on one patient's entries, one user's, or an index range.
    public func addHold(reason: String, patientID: String?, userID: String?, fromIndex: Int?, toIndex: Int?) throws
        -> LegalHold
    {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw PHIGuardError(.invalidInput, "a legal hold needs a reason")
        }
        guard patientID != nil || userID != nil || (fromIndex != nil && toIndex != nil) else {
            throw PHIGuardError(.invalidInput, "a legal hold covers a patient, a user or an index range")
        }
        let id = Identifier.random(bytes: 8)
        let now = Date()
        let patient = patientID.map { keyring.blindIndex($0, context: LedgerContexts.patient) }
        let user = userID.map { keyring.blindIndex($0, context: LedgerContexts.user) }
        try store.write { connection in
            try connection.execute(
                """
                INSERT INTO ledger_holds (id, reason, patient_index, user_index, from_seq, to_seq, created_at)
                VALUES (\(id), \(reason), \(patient), \(user), \(fromIndex.map(Int64.init)), \(toIndex.map(Int64.init)),
                    \(Int64(now.timeIntervalSince1970)))
                """
            )
        }
        return LegalHold(
            id: id, reason: reason, coversPatient: patient != nil, coversUser: user != nil, fromIndex: fromIndex,
            toIndex: toIndex, createdAt: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)),
            releasedAt: nil)
    }

    /// Releases a hold; the entries it kept become prunable when past retention.
    public func releaseHold(id: String) throws {
        let changed = try store.write { connection in
            try connection.execute(
                "UPDATE ledger_holds SET released_at = \(Int64(Date().timeIntervalSince1970)) WHERE id = \(id) AND released_at IS NULL"
            )
        }
        guard changed == 1 else { throw PHIGuardError(.notFound, "no active legal hold with this id") }
    }

    /// Every hold, newest first.
    public func holds() throws -> [LegalHold] {
        try store.read { connection in
            try connection.query("SELECT * FROM ledger_holds ORDER BY created_at DESC, id").map { row in
                LegalHold(
                    id: try row.string("id"), reason: try row.string("reason"),
                    coversPatient: row["patient_index"].blob != nil, coversUser: row["user_index"].blob != nil,
                    fromIndex: row.optionalInt("from_seq").map(Int.init),
                    toIndex: row.optionalInt("to_seq").map(Int.init),
                    createdAt: Date(timeIntervalSince1970: Double(try row.int("created_at"))),
                    releasedAt: row.optionalInt("released_at").map { Date(timeIntervalSince1970: Double($0)) })
            }
        }
    }

    private func activeHoldIndexes(column: String) throws -> [[UInt8]] {
        try store.read { connection in
            try connection.query(
                "SELECT \(raw: column) AS v FROM ledger_holds WHERE released_at IS NULL AND \(raw: column) IS NOT NULL"
            ).compactMap { $0["v"].blob }
        }
    }
}
