/// A reason the validator rejects a policy against a schema.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The policy the problem is in.
    public var policyID: String
    /// What is wrong.
    public var message: String

    public var description: String { "\(policyID): \(message)" }
}
