import PHIGuardStore

/// One entry ready to append: everything the row needs, computed by the caller's thread so the sequencer only
/// hashes the tree and writes.
public struct LedgerRecord: Sendable {
    /// SHA-256(0x00 || canonical entry bytes).
    public var leafHash: [UInt8]
    /// The canonical entry bytes sealed under the keyring.
    public var sealedEntry: [UInt8]
    public var eventClass: String
    public var action: String
    public var category: String?
    public var outcome: String
    /// Keyed blind index of the user id, for equality search without plaintext.
    public var userIndex: [UInt8]?
    /// Keyed blind index of the patient id.
    public var patientIndex: [UInt8]?
    /// When the event happened at its source, in Unix milliseconds.
    public var occurredAt: Int64
    /// When PHIGuard received it, in Unix milliseconds.
    public var receivedAt: Int64

    public init(
        leafHash: [UInt8], sealedEntry: [UInt8], eventClass: String, action: String, category: String?,
        outcome: String, userIndex: [UInt8]?, patientIndex: [UInt8]?, occurredAt: Int64, receivedAt: Int64
    ) {
        self.leafHash = leafHash
        self.sealedEntry = sealedEntry
        self.eventClass = eventClass
        self.action = action
        self.category = category
        self.outcome = outcome
        self.userIndex = userIndex
        self.patientIndex = patientIndex
        self.occurredAt = occurredAt
        self.receivedAt = receivedAt
    }
}

extension LedgerRecord {
    /// The context the entry is sealed under, binding every derived column to it.
    var sealingContext: [UInt8] {
        LedgerContexts.entry(
            eventClass: eventClass, action: action, category: category, outcome: outcome, userIndex: userIndex,
            patientIndex: patientIndex, occurredAt: occurredAt, receivedAt: receivedAt)
    }
}

extension LedgerRecord {
    /// The sealing context rebuilt from a stored `ledger_entries` row.
    static func sealingContext(of row: Row) throws -> [UInt8] {
        LedgerContexts.entry(
            eventClass: try row.string("event_class"), action: try row.string("action"),
            category: row.optionalString("category"), outcome: try row.string("outcome"),
            userIndex: row["user_index"].blob, patientIndex: row["patient_index"].blob,
            occurredAt: try row.int("occurred_at"), receivedAt: try row.int("received_at"))
    }
}
