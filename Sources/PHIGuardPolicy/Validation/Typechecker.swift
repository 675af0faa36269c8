/// Infers expression types for one request environment, recording problems instead of stopping at the first.
struct Typechecker {
    /// An attribute or tag known to be present because a `has` or `hasTag` test guards it.
    struct Capability: Hashable {
        var base: Expression
        var name: String
        var isTag: Bool
    }

    let schema: Schema
    let environment: RequestEnvironment
    var problems: [String] = []
    var capabilities: Set<Capability> = []

    init(schema: Schema, environment: RequestEnvironment) {
        self.schema = schema
        self.environment = environment
    }

    /// Why an entity literal is not allowed by the schema, or nil when it is.
    static func problem(withLiteral uid: EntityUID, schema: Schema) -> String? {
        if uid.type.isAction {
            return schema.actions[uid] == nil ? "unknown action \(uid)" : nil
        }
        guard let definition = schema.entityTypes[uid.type] else { return "unknown entity type \(uid.type)" }
        if let ids = definition.enumeratedIDs, !ids.contains(uid.id) { return "\(uid) is not a declared value" }
        return nil
    }

    mutating func fail(_ message: String) -> ValidatorType? {
        problems.append(message)
        return nil
    }

    /// Checks that the expression is a Bool and returns its type.
    mutating func expectBool(_ expression: Expression) -> ValidatorType? {
        guard let type = check(expression) else { return nil }
        guard case .bool = type else { return fail("expected Bool") }
        return type
    }

    mutating func expect(_ expression: Expression, _ expected: ValidatorType) -> Bool {
        guard let type = check(expression) else { return false }
        guard type == expected else {
            _ = fail("expected \(expected)")
            return false
        }
        return true
    }

    /// The attributes and tags known to be present when `expression` is true.
    func guards(_ expression: Expression) -> Set<Capability> {
        switch expression {
        case .has(let base, let name): return [Capability(base: base, name: name, isTag: false)]
        case .method(let base, "hasTag", let arguments):
            guard case .literal(.string(let key)) = arguments.first else { return [] }
            return [Capability(base: base, name: key, isTag: true)]
        case .binary(.and, let left, let right): return guards(left).union(guards(right))
        case .binary(.or, let left, let right): return guards(left).intersection(guards(right))
        default: return []
        }
    }

    /// Checks `body` with extra capabilities, restoring the previous ones afterwards.
    mutating func with(_ extra: Set<Capability>, _ body: (inout Typechecker) -> ValidatorType?) -> ValidatorType? {
        let saved = capabilities
        capabilities.formUnion(extra)
        defer { capabilities = saved }
        return body(&self)
    }
}
