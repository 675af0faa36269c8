import Foundation

/// One change to an incident or breach case: what changed, who changed it, and when.
///
/// `what` is written by PHIGuard from constant text and field names, never from the values changed, so the
/// timeline can be shown and exported without carrying PHI.
public struct TimelineEntry: Sendable, Hashable, Codable {
    /// When the change was made.
    public var at: Date
    /// Who made it: a console user or `token:<id>`.
    public var actor: String
    /// The change in words: field names, statuses and outcomes, never values.
    public var what: String

    /// Creates an entry.
    public init(at: Date, actor: String, what: String) {
        self.at = at
        self.actor = actor
        self.what = what
    }
}
