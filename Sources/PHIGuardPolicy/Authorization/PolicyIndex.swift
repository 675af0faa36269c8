/// Policies grouped by what their scopes pin down, so that a request only evaluates the policies that could
/// match it and a policy written for other entity types or other actions costs nothing.
///
/// The first two levels are the principal and the resource scope: a policy is filed under the entity its scope
/// names (found through the request entity and its ancestors), the type it names with `is`, or `any`. Within
/// those, policies are grouped by action: `action == A` under `A`; `action in [A, B]` under `A` and
/// under `B`, found through the request action and its ancestors; an unconstrained action in its own list.
/// Lookup is exact, never approximate: the evaluator still checks every scope it is handed.
struct PolicyIndex: Sendable {
    /// Positions in `policies`, by action.
    private struct ActionBuckets: Sendable {
        var anyAction: [Int] = []
        var byAction: [EntityUID: [Int]] = [:]
        var byGroup: [EntityUID: [Int]] = [:]
        /// Whether some policy here lists several action groups, so one request may reach it twice.
        var hasMultiGroupPolicies = false

        mutating func insert(_ position: Int, action: ActionConstraint) {
            switch action {
            case .any: anyAction.append(position)
            case .equal(let action): byAction[action, default: []].append(position)
            case .in(let groups):
                let distinct = Set(groups)
                for group in distinct { byGroup[group, default: []].append(position) }
                if distinct.count > 1 { hasMultiGroupPolicies = true }
            }
        }
    }

    /// The policies as evaluated: literal sets and records in their conditions are built once.
    private var policies: ContiguousArray<Policy> = []
    private var buckets: [ScopeKey: [ScopeKey: ActionBuckets]] = [:]

    mutating func insert(_ policy: Policy) {
        var evaluated = policy
        for index in evaluated.conditions.indices {
            evaluated.conditions[index].body = evaluated.conditions[index].body.foldingLiteralCollections()
        }
        policies.append(evaluated)
        let principal = ScopeKey(policy.principal)
        let resource = ScopeKey(policy.resource)
        buckets[principal, default: [:]][resource, default: ActionBuckets()]
            .insert(policies.count - 1, action: policy.action)
    }

    /// Calls `body` once for every policy whose scope could match the request, `ancestors` giving each
    /// request entity's transitive ancestors.
    func forEachCandidate(
        for request: Request, ancestors: (EntityUID) -> Set<EntityUID>, _ body: (Policy) -> Void
    ) {
        var actionAncestors: Set<EntityUID>?
        var seenMultiGroup: Set<Int> = []
        var resourceAncestors: Set<EntityUID>?
        Self.forEachKey(of: request.principal, ancestors: ancestors(request.principal)) { principalKey in
            guard let byResource = buckets[principalKey] else { return }
            if resourceAncestors == nil { resourceAncestors = ancestors(request.resource) }
            Self.forEachKey(of: request.resource, ancestors: resourceAncestors ?? []) { resourceKey in
                guard let bucket = byResource[resourceKey] else { return }
                for position in bucket.anyAction { body(policies[position]) }
                for position in bucket.byAction[request.action] ?? [] { body(policies[position]) }
                guard !bucket.byGroup.isEmpty else { return }
                if actionAncestors == nil { actionAncestors = ancestors(request.action) }
                func visit(_ group: EntityUID) {
                    for position in bucket.byGroup[group] ?? [] {
                        if bucket.hasMultiGroupPolicies, case .in(let groups) = policies[position].action,
                            groups.count > 1
                        {
                            guard seenMultiGroup.insert(position).inserted else { continue }
                        }
                        body(policies[position])
                    }
                }
                visit(request.action)
                actionAncestors?.forEach(visit)
            }
        }
    }

    /// Every key a scope matching `uid` can be filed under: any, its type, itself and each of its ancestors.
    /// The keys are distinct, so each bucket is visited once.
    private static func forEachKey(of uid: EntityUID, ancestors: Set<EntityUID>, _ body: (ScopeKey) -> Void) {
        body(.any)
        body(.type(uid.type))
        body(.entity(uid))
        for ancestor in ancestors { body(.entity(ancestor)) }
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
