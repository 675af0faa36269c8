/// Policies grouped by what their scopes pin down, so that a request only evaluates the policies that could
/// match it and a policy written for other entity types or other actions costs nothing.
///
/// The first two levels are the principal and the resource scope: a policy is filed under the entity its scope
/// names (found through the request entity and its ancestors), the type it names with `is`, or `any`. Within
/// those, policies are grouped by action: `action == A` under `A`; `action in [A, B]` under `A` and
/// under `B`, found through the request action and its ancestors; an unconstrained action in its own list.
/// Lookup is exact, never approximate: the evaluator still checks every scope it is handed.
struct PolicyIndex: Sendable {
    private struct ActionBuckets: Sendable {
        var anyAction: [Policy] = []
        var byAction: [EntityUID: [Policy]] = [:]
        var byGroup: [EntityUID: [Policy]] = [:]
        /// Whether some policy here lists several action groups, so one request may reach it twice.
        var hasMultiGroupPolicies = false

        mutating func insert(_ policy: Policy) {
            switch policy.action {
            case .any: anyAction.append(policy)
            case .equal(let action): byAction[action, default: []].append(policy)
            case .in(let groups):
                for group in Set(groups) { byGroup[group, default: []].append(policy) }
                if Set(groups).count > 1 { hasMultiGroupPolicies = true }
            }
        }
    }

    private var buckets: [ScopeKey: [ScopeKey: ActionBuckets]] = [:]

    mutating func insert(_ policy: Policy) {
        let principal = ScopeKey(policy.principal)
        let resource = ScopeKey(policy.resource)
        buckets[principal, default: [:]][resource, default: ActionBuckets()].insert(policy)
    }

    /// Calls `body` once for every policy whose scope could match the request.
    func forEachCandidate(for request: Request, entities: Entities, _ body: (Policy) -> Void) {
        var actionAncestors: Set<EntityUID>?
        var seenMultiGroup: Set<String> = []
        var resourceAncestors: Set<EntityUID>?
        Self.forEachKey(of: request.principal, entities: entities, ancestors: nil) { principalKey in
            guard let byResource = buckets[principalKey] else { return }
            if resourceAncestors == nil { resourceAncestors = entities.ancestors(of: request.resource) }
            Self.forEachKey(of: request.resource, entities: entities, ancestors: resourceAncestors) { resourceKey in
                guard let bucket = byResource[resourceKey] else { return }
                bucket.anyAction.forEach(body)
                bucket.byAction[request.action]?.forEach(body)
                guard !bucket.byGroup.isEmpty else { return }
                if actionAncestors == nil { actionAncestors = entities.ancestors(of: request.action) }
                func visit(_ group: EntityUID) {
                    for policy in bucket.byGroup[group] ?? [] {
                        if bucket.hasMultiGroupPolicies, case .in(let groups) = policy.action, groups.count > 1 {
                            guard seenMultiGroup.insert(policy.id).inserted else { continue }
                        }
                        body(policy)
                    }
                }
                visit(request.action)
                actionAncestors?.forEach(visit)
            }
        }
    }

    /// Every key a scope matching `uid` can be filed under: any, its type, itself and each of its ancestors.
    /// The keys are distinct, so each bucket is visited once.
    private static func forEachKey(
        of uid: EntityUID, entities: Entities, ancestors: Set<EntityUID>?, _ body: (ScopeKey) -> Void
    ) {
        body(.any)
        body(.type(uid.type))
        body(.entity(uid))
        for ancestor in ancestors ?? entities.ancestors(of: uid) { body(.entity(ancestor)) }
    }
}

/// Where a principal or resource scope files a policy: under the entity it names (`==`, `in`, `is ... in`),
/// under the type it names (`is`), or under `any`.
private enum ScopeKey: Hashable {
    case any
    case type(EntityType)
    case entity(EntityUID)

    init(_ constraint: ScopeConstraint) {
        switch constraint {
        case .any: self = .any
        case .equal(.entity(let uid)), .in(.entity(let uid)), .isIn(_, .entity(let uid)): self = .entity(uid)
        case .is(let type): self = .type(type)
        // Templates are not indexed; a slot left unfilled matches nothing, so `any` only costs a scope check.
        case .equal(.slot), .in(.slot), .isIn(_, .slot): self = .any
        }
    }
}
