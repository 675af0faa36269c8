/// Policy ids grouped by the principal and resource types their scopes name, so that policies written for
/// other entity types are never evaluated. Policies whose scope names no type go under `nil`.
struct PolicyIndex: Sendable {
    private struct Key: Hashable {
        var principal: EntityType?
        var resource: EntityType?
    }

    private var buckets: [Key: [String]] = [:]

    mutating func insert(_ policy: Policy) {
        let key = Key(principal: Self.type(of: policy.principal), resource: Self.type(of: policy.resource))
        buckets[key, default: []].append(policy.id)
    }

    func candidates(principal: EntityType, resource: EntityType) -> [String] {
        var result: [String] = []
        for principalKey in [principal, nil] {
            for resourceKey in [resource, nil] {
                result += buckets[Key(principal: principalKey, resource: resourceKey)] ?? []
            }
        }
        return result
    }

    /// The one entity type a scope constraint admits, if it admits only one.
    private static func type(of constraint: ScopeConstraint) -> EntityType? {
        switch constraint {
        case .equal(.entity(let uid)): return uid.type
        case .is(let type), .isIn(let type, _): return type
        default: return nil
        }
    }
}
