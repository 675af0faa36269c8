import Foundation

/// One activation of a policy version: which version, by whom, when.
public struct PolicyActivation: Sendable, Hashable {
    public var version: Int
    /// The console user id or `token:<id>` that activated it.
    public var activatedBy: String
    public var activatedAt: Date
}
