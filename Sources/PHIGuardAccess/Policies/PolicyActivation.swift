import Foundation

/// One activation of a policy version: which version, by whom, when.
public struct PolicyActivation: Sendable, Hashable {
    /// The version made active.
    public var version: Int
    /// The console user id or `token:<id>` that activated it.
    public var activatedBy: String
    /// When, to the second.
    public var activatedAt: Date
}
