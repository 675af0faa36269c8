/// One Cedar policy or template: an effect, a scope over principal, action and resource, and conditions.
public struct Policy: Hashable, Sendable {
    /// Whether a satisfied policy allows or denies.
    public enum Effect: String, Hashable, Sendable {
        case permit, forbid
    }

    /// The policy's id in its set, such as `policy0`.
    public var id: String
    /// `permit` or `forbid`.
    public var effect: Effect
    /// Annotations such as `@id("x")`; an annotation without a value maps to the empty string.
    public var annotations: [String: String]
    /// The principal part of the scope.
    public var principal: ScopeConstraint
    /// The action part of the scope.
    public var action: ActionConstraint
    /// The resource part of the scope.
    public var resource: ScopeConstraint
    /// The `when` and `unless` clauses in order.
    public var conditions: [Condition]
    /// Where the policy starts in its source text.
    public var location: SourceLocation

    /// Whether the policy has template slots and so needs linking before it can be evaluated.
    public var isTemplate: Bool { principal.hasSlot || resource.hasSlot }
}

extension Policy {
    /// A `when` or `unless` clause.
    public struct Condition: Hashable, Sendable {
        /// True for `when`, false for `unless`.
        public var isWhen: Bool
        /// The clause body.
        public var body: Expression
    }
}
