extension Expression {
    /// The expression with every set or record literal whose elements are all literals built once, here,
    /// rather than on every evaluation: `["TREAT", "ETREAT"].contains(context.purposeOfUse)` then costs one
    /// set lookup. Only literal collections fold; they cannot fail, so the result is the same value the
    /// evaluator would build. The validator keeps reading the unfolded policy, which still knows the literal
    /// was written as a set.
    func foldingLiteralCollections() -> Expression {
        switch self {
        case .literal, .variable, .slot: return self
        case .not(let operand): return .not(operand.foldingLiteralCollections())
        case .negate(let operand): return .negate(operand.foldingLiteralCollections())
        case .binary(let op, let left, let right):
            return .binary(op, left.foldingLiteralCollections(), right.foldingLiteralCollections())
        case .has(let base, let name): return .has(base.foldingLiteralCollections(), name)
        case .like(let base, let pattern): return .like(base.foldingLiteralCollections(), pattern)
        case .isType(let base, let type): return .isType(base.foldingLiteralCollections(), type)
        case .attribute(let base, let name): return .attribute(base.foldingLiteralCollections(), name)
        case .method(let receiver, let name, let arguments):
            return .method(receiver.foldingLiteralCollections(), name, arguments.map { $0.foldingLiteralCollections() })
        case .call(let name, let arguments): return .call(name, arguments.map { $0.foldingLiteralCollections() })
        case .ifThenElse(let condition, let then, let otherwise):
            return .ifThenElse(
                condition.foldingLiteralCollections(), then.foldingLiteralCollections(),
                otherwise.foldingLiteralCollections())
        case .set(let elements):
            let folded = elements.map { $0.foldingLiteralCollections() }
            var values: Set<Value> = []
            for element in folded {
                guard case .literal(let value) = element else { return .set(folded) }
                values.insert(value)
            }
            return .literal(.set(values))
        case .record(let fields):
            let folded = fields.mapValues { $0.foldingLiteralCollections() }
            var values: [String: Value] = [:]
            for (name, field) in folded {
                guard case .literal(let value) = field else { return .record(folded) }
                values[name] = value
            }
            return .literal(.record(values))
        }
    }
}
