/// Evaluates expressions for one request against an entity store, following Cedar's semantics.
final class Evaluator {
    let request: Request
    let entities: Entities
    /// The principal's and the resource's attributes, read once per request: most conditions read them.
    private let principalAttributes: [String: Value]?
    private let resourceAttributes: [String: Value]?
    /// The principal's, the action's and the resource's ancestors, read once per request for scopes and `in`.
    private let principalAncestors: Set<EntityUID>
    private let actionAncestors: Set<EntityUID>
    private let resourceAncestors: Set<EntityUID>

    init(request: Request, entities: Entities) {
        self.request = request
        self.entities = entities
        (principalAttributes, principalAncestors) = entities.attributesAndAncestors(of: request.principal)
        (resourceAttributes, resourceAncestors) = entities.attributesAndAncestors(of: request.resource)
        actionAncestors = entities.ancestors(of: request.action)
    }

    /// Whether the policy's scope and conditions all hold; throws when a condition fails to evaluate.
    func isSatisfied(_ policy: Policy) throws(EvaluationError) -> Bool {
        guard matchesScope(policy) else { return false }
        for condition in policy.conditions {
            let value = try bool(try evaluate(condition.body))
            if value != condition.isWhen { return false }
        }
        return true
    }

    func matchesScope(_ policy: Policy) -> Bool {
        matches(request.principal, policy.principal) && matches(request.action, policy.action)
            && matches(request.resource, policy.resource)
    }

    private func matches(_ uid: EntityUID, _ constraint: ScopeConstraint) -> Bool {
        switch constraint {
        case .any: return true
        case .equal(.entity(let target)): return uid == target
        case .in(.entity(let target)): return isDescendant(uid, of: target)
        case .is(let type): return uid.type == type
        case .isIn(let type, .entity(let target)): return uid.type == type && isDescendant(uid, of: target)
        case .equal(.slot), .in(.slot), .isIn(_, .slot): return false
        }
    }

    private func matches(_ uid: EntityUID, _ constraint: ActionConstraint) -> Bool {
        switch constraint {
        case .any: return true
        case .equal(let target): return uid == target
        case .in(let targets): return targets.contains { isDescendant(uid, of: $0) }
        }
    }

    /// The transitive ancestors of an entity, from the per-request copy for the request's entities.
    func ancestors(of uid: EntityUID) -> Set<EntityUID> {
        if uid == request.principal { return principalAncestors }
        if uid == request.action { return actionAncestors }
        if uid == request.resource { return resourceAncestors }
        return entities.ancestors(of: uid)
    }

    /// Whether `uid` is `target` or transitively in it.
    func isDescendant(_ uid: EntityUID, of target: EntityUID) -> Bool {
        uid == target || ancestors(of: uid).contains(target)
    }

    func evaluate(_ expression: Expression) throws(EvaluationError) -> Value {
        switch expression {
        case .literal(let value): return value
        case .variable(let variable): return self.variable(variable)
        case .slot: throw EvaluationError("template slots must be linked before evaluation")
        case .not(let operand): return .bool(!(try bool(try evaluate(operand))))
        case .negate(let operand): return try negate(try evaluate(operand))
        case .binary(let op, let left, let right): return try binary(op, left, right)
        case .has(.variable(.principal), let name) where principalAttributes != nil:
            return .bool(principalAttributes?[name] != nil)
        case .has(.variable(.resource), let name) where resourceAttributes != nil:
            return .bool(resourceAttributes?[name] != nil)
        case .has(.variable(.context), let name): return .bool(request.context[name] != nil)
        case .has(let base, let name): return try has(try evaluate(base), name)
        case .like(let base, let pattern): return .bool(pattern.matches(try string(try evaluate(base))))
        case .isType(let base, let type): return .bool(try entity(try evaluate(base)).type == type)
        case .attribute(.variable(.principal), let name) where principalAttributes != nil:
            return try attribute(principalAttributes, name, of: request.principal)
        case .attribute(.variable(.resource), let name) where resourceAttributes != nil:
            return try attribute(resourceAttributes, name, of: request.resource)
        case .attribute(.variable(.context), let name):
            guard let value = request.context[name] else {
                throw EvaluationError("record does not have attribute `\(name)`")
            }
            return value
        case .attribute(let base, let name): return try attribute(try evaluate(base), name)
        case .method(let receiver, let name, let arguments):
            return try method(name, try evaluate(receiver), try evaluate(arguments))
        case .call(let name, let arguments):
            return try Self.call(name, try evaluate(arguments))
        case .ifThenElse(let condition, let then, let otherwise):
            return try bool(try evaluate(condition)) ? try evaluate(then) : try evaluate(otherwise)
        case .set(let elements):
            return .set(Set(try evaluate(elements)))
        case .record(let fields):
            var values: [String: Value] = [:]
            for (key, field) in fields { values[key] = try evaluate(field) }
            return .record(values)
        }
    }

    /// Evaluates in order with a plain loop: a closure here would copy the evaluator on every call.
    private func evaluate(_ expressions: [Expression]) throws(EvaluationError) -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(expressions.count)
        for expression in expressions { values.append(try evaluate(expression)) }
        return values
    }

    private func attribute(
        _ attributes: [String: Value]?, _ name: String, of uid: EntityUID
    ) throws(EvaluationError) -> Value {
        guard let value = attributes?[name] else {
            throw EvaluationError("entity \(uid) does not have attribute `\(name)`")
        }
        return value
    }

    private func variable(_ variable: Expression.Variable) -> Value {
        switch variable {
        case .principal: return .entity(request.principal)
        case .action: return .entity(request.action)
        case .resource: return .entity(request.resource)
        case .context: return .record(request.context)
        }
    }

    func bool(_ value: Value) throws(EvaluationError) -> Bool {
        guard case .bool(let result) = value else { throw .type(expected: "Bool", got: value) }
        return result
    }

    func long(_ value: Value) throws(EvaluationError) -> Int64 {
        guard case .long(let result) = value else { throw .type(expected: "Long", got: value) }
        return result
    }

    func string(_ value: Value) throws(EvaluationError) -> String {
        guard case .string(let result) = value else { throw .type(expected: "String", got: value) }
        return result
    }

    func entity(_ value: Value) throws(EvaluationError) -> EntityUID {
        guard case .entity(let result) = value else { throw .type(expected: "entity", got: value) }
        return result
    }

    func set(_ value: Value) throws(EvaluationError) -> Set<Value> {
        guard case .set(let result) = value else { throw .type(expected: "Set", got: value) }
        return result
    }
}
