import PHIGuardCrypto

/// The authenticated-data contexts under which ledger values are sealed or blind-indexed. A sealed value moved
/// to another column, or an index compared against another field's, does not match.
enum LedgerContexts {
    static let user = "ledger_entries.user_index"
    static let patient = "ledger_entries.patient_index"
    static let row = "ledger_entries.row_mac"

    /// The keyed MAC binding an entry's index to its leaf hash.
    static func rowMAC(_ keyring: Keyring, index: Int, leafHash: [UInt8]) -> [UInt8] {
        keyring.blindIndex("\(index):\(leafHash.hex)", context: row)
    }

    /// The context a sealed entry is bound to: the column name and every searchable column derived from the
    /// entry. Changing any of those columns in the store makes the entry fail to decrypt, which is how
    /// verification checks them without parsing each entry.
    static func entry(
        eventClass: String, action: String, category: String?, outcome: String, userIndex: [UInt8]?,
        patientIndex: [UInt8]?, occurredAt: Int64, receivedAt: Int64
    ) -> String {
        [
            "ledger_entries.sealed_entry", eventClass, action, category ?? "-", outcome, userIndex?.hex ?? "-",
            patientIndex?.hex ?? "-", String(occurredAt), String(receivedAt),
        ].joined(separator: "\u{1F}")
    }
}
