/// The constraint a policy scope puts on the principal or the resource.
public enum ScopeConstraint: Hashable, Sendable {
    /// An entity literal or a template slot still to be linked.
    public enum Target: Hashable, Sendable {
        case entity(EntityUID)
        case slot
    }

    case any
    case equal(Target)
    case `in`(Target)
    case `is`(EntityType)
    case isIn(EntityType, Target)

    /// Whether a slot remains to be filled.
    public var hasSlot: Bool {
        switch self {
        case .equal(.slot), .in(.slot), .isIn(_, .slot): return true
        default: return false
        }
    }

    /// The constraint with its slot filled by `uid`.
    func linked(to uid: EntityUID) -> ScopeConstraint {
        switch self {
        case .equal(.slot): return .equal(.entity(uid))
        case .in(.slot): return .in(.entity(uid))
        case .isIn(let type, .slot): return .isIn(type, .entity(uid))
        default: return self
        }
    }
}
