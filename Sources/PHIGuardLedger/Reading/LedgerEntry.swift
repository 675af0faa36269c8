/// One stored entry as readers see it: its index, its leaf hash and the event (nil once pruned).
public struct LedgerEntry: Sendable, Equatable {
    /// The entry's position in the log, from 0.
    public let index: Int
    /// SHA-256(0x00 || canonical event JSON).
    public let leafHash: [UInt8]
    /// The event, decrypted; nil when retention pruned it (the leaf hash stays, so proofs still work).
    public let event: AuditEvent?

    public init(index: Int, leafHash: [UInt8], event: AuditEvent?) {
        self.index = index
        self.leafHash = leafHash
        self.event = event
    }
}

/// Sequential read access to durable entries, for forwarders and exports.
public protocol LedgerEntrySource: Sendable {
    /// The number of durable entries.
    var size: Int { get }

    /// Up to `limit` entries starting at `index`, in order.
    func entries(from index: Int, limit: Int) throws -> [LedgerEntry]
}
