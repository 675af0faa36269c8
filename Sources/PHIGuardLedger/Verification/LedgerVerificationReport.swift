/// The outcome of recomputing a ledger from its stored rows.
public struct LedgerVerificationReport: Sendable, Encodable {
    /// Entries read.
    public var entries = 0
    /// Entries whose content was pruned (hashes kept).
    public var pruned = 0
    /// Checkpoints whose signature and root were checked.
    public var checkpoints = 0
    /// The lowest entry index found bad, if any: modified, missing, inserted or out of order.
    public var firstBadIndex: Int?
    /// What was wrong, first problems first (at most 50).
    public var problems: [String] = []
    /// The root hash recomputed over all entries, hex.
    public var rootHash = ""
    /// Wall time of the verification.
    public var seconds = 0.0

    /// Whether everything checked out.
    public var isIntact: Bool { firstBadIndex == nil && problems.isEmpty }

    mutating func fail(_ problem: String, index: Int?) {
        if let index { firstBadIndex = min(firstBadIndex ?? index, index) }
        if problems.count < 50 { problems.append(problem) }
    }

    enum CodingKeys: String, CodingKey {
        case entries, pruned, checkpoints, problems, seconds
        case firstBadIndex = "first_bad_index"
        case rootHash = "root_hash"
        case isIntact = "intact"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entries, forKey: .entries)
        try container.encode(pruned, forKey: .pruned)
        try container.encode(checkpoints, forKey: .checkpoints)
        try container.encode(problems, forKey: .problems)
        try container.encode(seconds, forKey: .seconds)
        try container.encodeIfPresent(firstBadIndex, forKey: .firstBadIndex)
        try container.encode(rootHash, forKey: .rootHash)
        try container.encode(isIntact, forKey: .isIntact)
    }
}
