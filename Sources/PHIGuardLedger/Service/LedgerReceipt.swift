/// What the ledger answers for each appended event: where it is, and its leaf hash for later proofs.
public struct LedgerReceipt: Sendable, Codable, Equatable {
    public let index: Int
    public let eventID: String
    /// Hex of the leaf hash.
    public let leafHash: String

    enum CodingKeys: String, CodingKey {
        case index
        case eventID = "event_id"
        case leafHash = "leaf_hash"
    }
}
