import Foundation

/// A search of the ledger. Every filter is optional; results come newest first, a page at a time.
public struct AuditQuery: Sendable, Equatable {
    public var userID: String?
    public var patientID: String?
    public var action: AuditAction?
    public var category: String?
    /// `success` or `failure`.
    public var outcome: String?
    /// Earliest occurrence time, inclusive.
    public var from: Date?
    /// Latest occurrence time, exclusive.
    public var to: Date?
    /// The index to continue below, from the previous page's `nextCursor`.
    public var cursor: Int?
    /// The page size, 1 to 1,000.
    public var limit: Int

    public init(
        userID: String? = nil, patientID: String? = nil, action: AuditAction? = nil, category: String? = nil,
        outcome: String? = nil, from: Date? = nil, to: Date? = nil, cursor: Int? = nil, limit: Int = 100
    ) {
        self.userID = userID
        self.patientID = patientID
        self.action = action
        self.category = category
        self.outcome = outcome
        self.from = from
        self.to = to
        self.cursor = cursor
        self.limit = limit
    }
}

/// One page of search results.
public struct AuditPage: Sendable {
    public let entries: [LedgerEntry]
    /// Pass as `cursor` to get the next (older) page; nil on the last page.
    public let nextCursor: Int?
}
