/// Policies grouped by what their scopes pin down, so that a request only evaluates the policies that could
/// match it and a policy written for other entity types or other actions costs nothing.
///
/// The first two levels are the principal and the resource scope: a policy is filed under the entity its scope
/// names (found through the request entity and its ancestors), the type it names with `is`, or `any`. Within
/// those, policies are grouped by action: `action == A` under `A`; `action in [A, B]` under `A` and
/// under `B`, found through the request action and its ancestors; an unconstrained action in its own list.
///
/// Within each action's list, a policy whose first `when` opens with an equality guard (`principal.department ==
/// "cardiology" && ...`, see `EqualityGuard`) is filed under the guard's literal, and a request is handed only
/// the policies whose literal equals its own value there: site rules written per department, facility or
/// purpose cost one lookup, not one evaluation each.
///
/// Lookup is exact, never approximate: the evaluator still checks every scope it is handed, and a policy left
/// out could not have been satisfied nor have failed.
struct PolicyIndex: Sendable {
    /// Positions in `policies`, by action.
    private struct ActionBuckets: Sendable {
        var anyAction = Candidates()
        var byAction: [EntityUID: Candidates] = [:]
        var byGroup: [EntityUID: Candidates] = [:]
        /// Whether some policy here lists several action groups, so one request may reach it twice.
        var hasMultiGroupPolicies = false

        mutating func insert(_ position: Int, action: ActionConstraint, guard equality: (EqualityGuard, Value)?) {
            switch action {
            case .any: anyAction.insert(position, guard: equality)
            case .equal(let action): byAction[action, default: Candidates()].insert(position, guard: equality)
            case .in(let groups):
                let distinct = Set(groups)
                for group in distinct { byGroup[group, default: Candidates()].insert(position, guard: equality) }
                if distinct.count > 1 { hasMultiGroupPolicies = true }
            }
        }
    }

    /// One list of positions: the policies without a guard, and the guarded ones by guard and literal.
    private struct Candidates: Sendable {
        var unguarded: [Int] = []
        var guarded: [EqualityGuard: [Value: [Int]]] = [:]

        mutating func insert(_ position: Int, guard equality: (EqualityGuard, Value)?) {
            guard let (key, literal) = equality else { return unguarded.append(position) }
            guarded[key, default: [:]][literal, default: []].append(position)
        }

        /// Calls `body` with every unguarded position and every guarded one whose literal equals the request's
        /// value; when the request has no value there (the guard fails to evaluate), with all of them, so each
        /// reports its error as the evaluator finds it.
        func forEach(value: (EqualityGuard) -> Value?, _ body: (Int) -> Void) {
            for position in unguarded { body(position) }
            for (key, byLiteral) in guarded {
                if let requestValue = value(key) {
                    for position in byLiteral[requestValue] ?? [] { body(position) }
                } else {
                    for positions in byLiteral.values { for position in positions { body(position) } }
                }
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
            .insert(policies.count - 1, action: policy.action, guard: EqualityGuard.of(evaluated))
    }

    /// Calls `body` once for every policy whose scope could match the request and whose guard, if it has
    /// one, the request could pass. `ancestors` gives each request entity's transitive ancestors and
    /// `guardValue` the request's value for a guard, nil when evaluating it fails.
    func forEachCandidate(
        for request: Request, ancestors: (EntityUID) -> Set<EntityUID>,
        guardValue: (EqualityGuard) -> Value?, _ body: (Policy) -> Void
    ) {
        var actionAncestors: Set<EntityUID>?
        var seenMultiGroup: Set<Int> = []
        var resourceAncestors: Set<EntityUID>?
        Self.forEachKey(of: request.principal, ancestors: ancestors(request.principal)) { principalKey in
            guard let byResource = buckets[principalKey] else { return }
            if resourceAncestors == nil { resourceAncestors = ancestors(request.resource) }
            Self.forEachKey(of: request.resource, ancestors: resourceAncestors ?? []) { resourceKey in
                guard let bucket = byResource[resourceKey] else { return }
                bucket.anyAction.forEach(value: guardValue) { body(policies[$0]) }
                bucket.byAction[request.action]?.forEach(value: guardValue) { body(policies[$0]) }
                guard !bucket.byGroup.isEmpty else { return }
                if actionAncestors == nil { actionAncestors = ancestors(request.action) }
                func visit(_ group: EntityUID) {
                    bucket.byGroup[group]?.forEach(value: guardValue) { position in
                        if bucket.hasMultiGroupPolicies, case .in(let groups) = policies[position].action,
                            groups.count > 1
                        {
                            guard seenMultiGroup.insert(position).inserted else { return }
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

/// The test a policy's first `when` opens with, when it compares an attribute of the principal, the resource or
/// the context with a literal Bool, Long, String or entity (either way round): `principal.department ==
/// "cardiology" && ...`. It is the first thing evaluated after the scope, and `==` never fails, so a request
/// whose value there is a different one cannot satisfy the policy, nor make it fail: the index need not hand it
/// over. A request with no value there (a missing attribute or entity) makes the policy fail, and gets it.
struct EqualityGuard: Hashable, Sendable {
    /// What the evaluator evaluates for a request's value: `principal.department` and the like.
    let expression: Expression

    /// The guard and its literal, when the policy has one.
    static func of(_ policy: Policy) -> (EqualityGuard, Value)? {
        guard let first = policy.conditions.first, first.isWhen else { return nil }
        var test = first.body
        while case .binary(.and, let left, _) = test { test = left }
        guard case .binary(.equal, let left, let right) = test else { return nil }
        switch (left, right) {
        case (.attribute(.variable(let variable), let name), .literal(let literal)),
            (.literal(let literal), .attribute(.variable(let variable), let name)):
            guard variable != .action, literal.isScalarLiteral else { return nil }
            return (EqualityGuard(expression: .attribute(.variable(variable), name)), literal)
        default:
            return nil
        }
    }
}

extension Value {
    /// Whether this is a Bool, Long, String or entity: values whose hashing agrees with `==` trivially.
    fileprivate var isScalarLiteral: Bool {
        switch self {
        case .bool, .long, .string, .entity: return true
        default: return false
        }
    }
}
