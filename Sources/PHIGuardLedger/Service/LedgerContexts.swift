import PHIGuardCrypto

/// The authenticated-data contexts under which ledger values are sealed or blind-indexed. A sealed value moved
/// to another column, or an index compared against another field's, does not match.
enum LedgerContexts {
    static let user = "ledger_entries.user_index"
    static let patient = "ledger_entries.patient_index"
    static let row = "ledger_entries.row_mac"

    /// The keyed MAC binding an entry's index to its leaf hash: the blind index of `"<index>:<leaf hash hex>"`.
    static func rowMAC(_ keyring: Keyring, index: Int, leafHash: [UInt8]) -> [UInt8] {
        var value: [UInt8] = []
        rowMACInput(index: index, leafHash: leafHash, into: &value)
        return keyring.blindIndex(value, context: row)
    }

    /// `rowMAC` for scans that check many rows: the input built in a reused buffer, the code computed by the
    /// scanning thread's own indexer.
    static func rowMAC(
        _ indexer: Keyring.BlindIndexer, index: Int, leafHash: [UInt8], scratch value: inout [UInt8]
    ) -> [UInt8] {
        rowMACInput(index: index, leafHash: leafHash, into: &value)
        return indexer.index(value, context: row)
    }

    private static func rowMACInput(index: Int, leafHash: [UInt8], into value: inout [UInt8]) {
        value.removeAll(keepingCapacity: true)
        appendDecimal(Int64(index), to: &value)
        value.append(UInt8(ascii: ":"))
        leafHash.appendHex(to: &value)
    }

    /// The context a sealed entry is bound to, as UTF-8: the column name and every searchable column derived
    /// from the entry, joined by U+001F, absent values as `-`, indexes in hex, times in decimal. Changing any of
    /// those columns in the store makes the entry fail to decrypt, which is how verification checks them
    /// without parsing each entry. Stored entries depend on these exact bytes.
    static func entry(
        eventClass: String, action: String, category: String?, outcome: String, userIndex: [UInt8]?,
        patientIndex: [UInt8]?, occurredAt: Int64, receivedAt: Int64
    ) -> [UInt8] {
        var context: [UInt8] = []
        appendEntry(
            to: &context, eventClass: eventClass.utf8, action: action.utf8, category: category?.utf8,
            outcome: outcome.utf8, userIndex: userIndex, patientIndex: patientIndex, occurredAt: occurredAt,
            receivedAt: receivedAt)
        return context
    }

    /// Appends the entry context to `context`, from the columns' bytes as they are stored: the form for scans
    /// that read rows without copying them out. Always inlined, so each caller gets it specialized to its byte
    /// containers (called generically, every append goes through witness tables).
    @inline(__always)
    static func appendEntry<Text: Collection<UInt8>, Index: Collection<UInt8>>(
        to context: inout [UInt8], eventClass: Text, action: Text, category: Text?, outcome: Text,
        userIndex: Index?, patientIndex: Index?, occurredAt: Int64, receivedAt: Int64
    ) {
        context.reserveCapacity(context.count + 256)
        context.append(contentsOf: "ledger_entries.sealed_entry".utf8)
        func field(_ append: (inout [UInt8]) -> Void) {
            context.append(separator)
            append(&context)
        }
        field { $0.append(contentsOf: eventClass) }
        field { $0.append(contentsOf: action) }
        field { if let category { $0.append(contentsOf: category) } else { $0.append(absent) } }
        field { $0.append(contentsOf: outcome) }
        field { if let userIndex { userIndex.appendHex(to: &$0) } else { $0.append(absent) } }
        field { if let patientIndex { patientIndex.appendHex(to: &$0) } else { $0.append(absent) } }
        field { appendDecimal(occurredAt, to: &$0) }
        field { appendDecimal(receivedAt, to: &$0) }
    }

    /// Appends an integer in decimal, as `String(value)` would spell it. Digits are taken from the least
    /// significant by dividing by the constant 10 (a multiplication once compiled) into a small buffer.
    private static func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    private static let separator: UInt8 = 0x1F
    private static let absent = UInt8(ascii: "-")
}
