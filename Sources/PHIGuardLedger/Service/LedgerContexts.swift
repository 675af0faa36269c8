import PHIGuardCrypto

/// The authenticated-data contexts under which ledger values are sealed or blind-indexed. A sealed value moved
/// to another column, or an index compared against another field's, does not match.
enum LedgerContexts {
    static let user = "ledger_entries.user_index"
    static let patient = "ledger_entries.patient_index"
    static let row = "ledger_entries.row_mac"

    /// The keyed MAC binding an entry's index to its leaf hash: the blind index of `"<index>:<leaf hash hex>"`.
    static func rowMAC(_ keyring: Keyring, index: Int, leafHash: [UInt8]) -> [UInt8] {
        var value = Array(String(index).utf8)
        value.append(UInt8(ascii: ":"))
        leafHash.appendHex(to: &value)
        return keyring.blindIndex(value, context: row)
    }

    /// The context a sealed entry is bound to, as UTF-8: the column name and every searchable column derived
    /// from the entry, joined by U+001F, absent values as `-`, indexes in hex, times in decimal. Changing any of
    /// those columns in the store makes the entry fail to decrypt, which is how verification checks them
    /// without parsing each entry. Stored entries depend on these exact bytes.
    static func entry(
        eventClass: String, action: String, category: String?, outcome: String, userIndex: [UInt8]?,
        patientIndex: [UInt8]?, occurredAt: Int64, receivedAt: Int64
    ) -> [UInt8] {
        var context = Array("ledger_entries.sealed_entry".utf8)
        context.reserveCapacity(256)
        for text in [eventClass, action, category ?? "-", outcome] {
            context.append(separator)
            context.append(contentsOf: text.utf8)
        }
        for index in [userIndex, patientIndex] {
            context.append(separator)
            if let index { index.appendHex(to: &context) } else { context.append(UInt8(ascii: "-")) }
        }
        for time in [occurredAt, receivedAt] {
            context.append(separator)
            context.append(contentsOf: String(time).utf8)
        }
        return context
    }

    private static let separator: UInt8 = 0x1F
}
