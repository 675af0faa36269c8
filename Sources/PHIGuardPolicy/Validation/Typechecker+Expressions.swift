extension Typechecker {
    /// The expression's type, or nil after recording a problem.
    mutating func check(_ expression: Expression) -> ValidatorType? {
        switch expression {
        case .literal(let value): return literal(value)
        case .variable(let variable): return self.variable(variable)
        case .slot(let slot): return .entity(slot == .principal ? environment.principal : environment.resource)
        case .not(let operand):
            guard case .bool(let known)? = expectBool(operand) else { return nil }
            return .bool(known.map { !$0 })
        case .negate(let operand): return expect(operand, .long) ? .long : nil
        case .binary(let op, let left, let right): return binary(op, left, right)
        case .has(let base, let name): return has(base, name)
        case .like(let base, _): return expect(base, .string) ? .bool(nil) : nil
        case .isType(let base, let type): return isType(base, type)
        case .attribute(let base, let name): return attribute(base, name)
        case .method(let receiver, let name, let arguments): return method(receiver, name, arguments)
        case .call(let name, let arguments): return call(name, arguments)
        case .ifThenElse(let condition, let then, let otherwise): return ifThenElse(condition, then, otherwise)
        case .set(let elements): return set(elements)
        case .record(let fields):
            var attributes: [String: SchemaAttribute] = [:]
            for (key, field) in fields {
                guard let type = check(field)?.schemaType else { return fail("record field has no type") }
                attributes[key] = SchemaAttribute(type: type)
            }
            return .record(attributes)
        }
    }

    private mutating func literal(_ value: Value) -> ValidatorType? {
        switch value {
        case .bool(let flag): return .bool(flag)
        case .long: return .long
        case .string: return .string
        case .entity(let uid):
            if let problem = Self.problem(withLiteral: uid, schema: schema) { return fail(problem) }
            return .entity(uid.type)
        default: return fail("unexpected literal")
        }
    }

    private func variable(_ variable: Expression.Variable) -> ValidatorType {
        switch variable {
        case .principal: return .entity(environment.principal)
        case .action: return .entity(environment.action.type)
        case .resource: return .entity(environment.resource)
        case .context: return .record(schema.actions[environment.action]?.context ?? [:])
        }
    }

    private mutating func set(_ elements: [Expression]) -> ValidatorType? {
        guard !elements.isEmpty else { return fail("empty set literals are not allowed") }
        var result: ValidatorType?
        for element in elements {
            guard let type = check(element) else { return nil }
            guard let joined = result.map({ $0.join(type) }) ?? type else { return fail("set elements differ in type") }
            result = joined
        }
        return .set(result)
    }

    private mutating func ifThenElse(_ condition: Expression, _ then: Expression, _ otherwise: Expression)
        -> ValidatorType?
    {
        guard case .bool(let known)? = expectBool(condition) else { return nil }
        if known == true { return with(guards(condition)) { $0.check(then) } }
        if known == false { return check(otherwise) }
        guard let thenType = with(guards(condition), { $0.check(then) }), let elseType = check(otherwise) else {
            return nil
        }
        return thenType.join(elseType) ?? fail("if branches differ in type")
    }

    private mutating func isType(_ base: Expression, _ type: EntityType) -> ValidatorType? {
        guard case .entity(let actual)? = check(base) else { return fail("`is` needs an entity") }
        if schema.entityTypes[type] == nil && !type.isAction { return fail("unknown entity type \(type)") }
        return .bool(actual == type)
    }
}
