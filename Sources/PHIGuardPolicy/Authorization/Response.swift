/// The answer to an authorization request: the decision, the policies that determined it, and the policies
/// that could not be evaluated.
public struct Response: Hashable, Sendable {
    /// `allow` or `deny`.
    public var decision: Decision
    /// Ids of the determining policies, sorted: the satisfied `forbid` policies when denied by one,
    /// otherwise the satisfied `permit` policies.
    public var reasons: [String]
    /// Ids of the policies whose evaluation failed, sorted.
    public var errors: [String]
    /// Why each failing policy failed, by policy id; never holds attribute values.
    public var errorMessages: [String: String]
}
