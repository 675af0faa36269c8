extension Evaluator {
    func binary(
        _ op: Expression.BinaryOperator,
        _ leftExpression: Expression,
        _ rightExpression: Expression
    ) throws(EvaluationError) -> Value {
        let left = try evaluate(leftExpression)
        switch op {
        case .and:
            guard try bool(left) else { return .bool(false) }
            return .bool(try bool(try evaluate(rightExpression)))
        case .or:
            if try bool(left) { return .bool(true) }
            return .bool(try bool(try evaluate(rightExpression)))
        default:
            return try strict(op, left, try evaluate(rightExpression))
        }
    }

    private func strict(_ op: Expression.BinaryOperator, _ left: Value, _ right: Value) throws(EvaluationError) -> Value
    {
        switch op {
        case .equal: return .bool(left == right)
        case .notEqual: return .bool(left != right)
        case .less: return .bool(try compare(left, right) < 0)
        case .lessOrEqual: return .bool(try compare(left, right) <= 0)
        case .greater: return .bool(try compare(left, right) > 0)
        case .greaterOrEqual: return .bool(try compare(left, right) >= 0)
        case .in: return .bool(try isIn(left, right))
        case .add: return .long(try arithmetic(left, right) { $0.addingReportingOverflow($1) })
        case .subtract: return .long(try arithmetic(left, right) { $0.subtractingReportingOverflow($1) })
        case .multiply: return .long(try arithmetic(left, right) { $0.multipliedReportingOverflow(by: $1) })
        case .and, .or: throw EvaluationError("internal: short-circuit operator evaluated strictly")
        }
    }

    private func arithmetic(
        _ left: Value,
        _ right: Value,
        _ operation: (Int64, Int64) -> (partialValue: Int64, overflow: Bool)
    ) throws(EvaluationError) -> Int64 {
        let result = operation(try long(left), try long(right))
        if result.overflow { throw .overflow }
        return result.partialValue
    }

    func negate(_ value: Value) throws(EvaluationError) -> Value {
        let (result, overflow) = Int64(0).subtractingReportingOverflow(try long(value))
        if overflow { throw .overflow }
        return .long(result)
    }

    /// Orders two Longs, two datetimes or two durations; anything else is a type error.
    private func compare(_ left: Value, _ right: Value) throws(EvaluationError) -> Int {
        switch (left, right) {
        case (.long(let a), .long(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.datetime(let a), .datetime(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.duration(let a), .duration(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.long, _), (.datetime, _), (.duration, _): throw .type(expected: left.typeName, got: right)
        default: throw .type(expected: "Long, datetime or duration", got: left)
        }
    }

    /// `in` over the hierarchy: the right side is an entity or a set of entities.
    private func isIn(_ left: Value, _ right: Value) throws(EvaluationError) -> Bool {
        let uid = try entity(left)
        if case .set(let elements) = right {
            // One read of the ancestors, then a set lookup per element, instead of one per pair.
            let ancestors = ancestors(of: uid)
            var found = false
            for element in elements {
                let target = try entity(element)
                if !found && (target == uid || ancestors.contains(target)) { found = true }
            }
            return found
        }
        return isDescendant(uid, of: try entity(right))
    }

    func has(_ base: Value, _ name: String) throws(EvaluationError) -> Value {
        switch base {
        case .record(let fields): return .bool(fields[name] != nil)
        case .entity(let uid):
            guard case .some(.some) = entities.attribute(name, of: uid) else { return .bool(false) }
            return .bool(true)
        default: throw .type(expected: "entity or record", got: base)
        }
    }

    func attribute(_ base: Value, _ name: String) throws(EvaluationError) -> Value {
        switch base {
        case .record(let fields):
            guard let value = fields[name] else { throw EvaluationError("record does not have attribute `\(name)`") }
            return value
        case .entity(let uid):
            guard let attribute = entities.attribute(name, of: uid) else {
                throw EvaluationError("entity \(uid) does not exist")
            }
            guard let value = attribute else {
                throw EvaluationError("entity \(uid) does not have attribute `\(name)`")
            }
            return value
        default:
            throw .type(expected: "entity or record", got: base)
        }
    }
}
