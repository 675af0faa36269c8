/// The constraint a policy scope puts on the action.
public enum ActionConstraint: Hashable, Sendable {
    case any
    case equal(EntityUID)
    /// `action in A` or `action in [A, B]`: the action is one of these or a descendant of one.
    case `in`([EntityUID])
}
