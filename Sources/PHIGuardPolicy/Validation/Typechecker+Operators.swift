extension Typechecker {
    mutating func binary(_ op: Expression.BinaryOperator, _ left: Expression, _ right: Expression) -> ValidatorType? {
        switch op {
        case .and: return and(left, right)
        case .or: return or(left, right)
        case .equal, .notEqual:
            guard let a = check(left), let b = check(right) else { return nil }
            guard a.join(b) != nil else { return fail("`\(op.rawValue)` compares incompatible types") }
            return .bool(nil)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let a = check(left), let b = check(right) else { return nil }
            switch (a, b) {
            case (.long, .long), (.extension("datetime"), .extension("datetime")),
                (.extension("duration"), .extension("duration")):
                return .bool(nil)
            default: return fail("`\(op.rawValue)` needs two Longs, datetimes or durations")
            }
        case .add, .subtract, .multiply:
            guard expect(left, .long), expect(right, .long) else { return nil }
            return .long
        case .in: return isIn(left, right)
        }
    }

    private mutating func and(_ left: Expression, _ right: Expression) -> ValidatorType? {
        guard case .bool(let first)? = expectBool(left) else { return nil }
        if first == false { return .bool(false) }
        guard case .bool(let second)? = with(guards(left), { $0.expectBool(right) }) else { return nil }
        if first == true { return .bool(second) }
        return .bool(second == false ? false : nil)
    }

    private mutating func or(_ left: Expression, _ right: Expression) -> ValidatorType? {
        guard case .bool(let first)? = expectBool(left) else { return nil }
        if first == true { return .bool(true) }
        guard case .bool(let second)? = expectBool(right) else { return nil }
        if first == false { return .bool(second) }
        return .bool(second == true ? true : nil)
    }

    private mutating func isIn(_ left: Expression, _ right: Expression) -> ValidatorType? {
        guard case .entity? = check(left) else { return fail("`in` needs an entity on the left") }
        switch check(right) {
        case .entity?, .set(.entity?)?: return .bool(nil)
        default: return fail("`in` needs an entity or a set of entities on the right")
        }
    }

    mutating func has(_ base: Expression, _ name: String) -> ValidatorType? {
        switch check(base) {
        case .record(let attributes)?:
            guard let attribute = attributes[name] else { return .bool(false) }
            return .bool(attribute.isRequired ? true : nil)
        case .entity(let type)?:
            guard schema.entityTypes[type]?.attributes[name] != nil else { return .bool(false) }
            return .bool(nil)
        case nil: return nil
        default: return fail("`has` needs an entity or a record")
        }
    }

    mutating func attribute(_ base: Expression, _ name: String) -> ValidatorType? {
        let attributes: [String: SchemaAttribute]
        switch check(base) {
        case .record(let fields)?: attributes = fields
        case .entity(let type)?: attributes = schema.entityTypes[type]?.attributes ?? [:]
        case nil: return nil
        default: return fail("attribute access needs an entity or a record")
        }
        guard let attribute = attributes[name] else { return fail("attribute `\(name)` is not declared") }
        guard attribute.isRequired || capabilities.contains(Capability(base: base, name: name, isTag: false)) else {
            return fail("optional attribute `\(name)` is read without a `has` test")
        }
        return ValidatorType(attribute.type)
    }
}
