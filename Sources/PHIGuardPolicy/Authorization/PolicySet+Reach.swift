extension PolicySet {
    /// The longest chain of attribute reads any policy makes starting from an entity: 0 when no policy reads
    /// an attribute, 1 for `resource.category`, 2 for `resource.patient.restricted`, and so on.
    ///
    /// A caller that assembles entities per request needs the request's entities plus the entities reached
    /// by `attributeDepth - 1` hops of entity-valued attributes: anything further is never read. Ancestors
    /// (for `in`) are a separate matter and always needed in full.
    public var attributeDepth: Int {
        var deepest = 0
        for policy in policies.values {
            for condition in policy.conditions {
                deepest = max(deepest, Self.deepestChain(in: condition.body))
            }
        }
        return deepest
    }

    /// The longest attribute chain anywhere in `expression`.
    private static func deepestChain(in expression: Expression) -> Int {
        var deepest = chain(endingAt: expression)
        forEachChild(of: expression) { deepest = max(deepest, deepestChain(in: $0)) }
        return deepest
    }

    /// How many attribute reads end at `expression`: `principal.x` is 1 and `principal.x.y` is 2. A branch of
    /// `if` passes its chain through; any other expression starts a fresh one.
    private static func chain(endingAt expression: Expression) -> Int {
        switch expression {
        case .attribute(let base, _), .has(let base, _): return chain(endingAt: base) + 1
        case .ifThenElse(_, let then, let otherwise): return max(chain(endingAt: then), chain(endingAt: otherwise))
        default: return 0
        }
    }

    private static func forEachChild(of expression: Expression, _ body: (Expression) -> Void) {
        switch expression {
        case .literal, .variable, .slot: return
        case .not(let operand), .negate(let operand): body(operand)
        case .binary(_, let left, let right):
            body(left)
            body(right)
        case .has(let base, _), .like(let base, _), .isType(let base, _), .attribute(let base, _): body(base)
        case .method(let receiver, _, let arguments):
            body(receiver)
            arguments.forEach(body)
        case .call(_, let arguments), .set(let arguments): arguments.forEach(body)
        case .ifThenElse(let condition, let then, let otherwise):
            body(condition)
            body(then)
            body(otherwise)
        case .record(let fields): fields.values.forEach(body)
        }
    }
}
