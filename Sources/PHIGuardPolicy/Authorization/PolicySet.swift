/// A set of static policies and templates, indexed by scope so a request only evaluates policies that can match.
public struct PolicySet: Sendable {
    /// Static and linked policies by id.
    public private(set) var policies: [String: Policy] = [:]
    /// Templates by id; they take part in decisions only once linked.
    public private(set) var templates: [String: Policy] = [:]
    private var index = PolicyIndex()

    /// Creates an empty policy set.
    public init() {}

    /// Parses Cedar policy text; policies and templates are named `policy0`, `policy1`, ... by position.
    /// - Throws: `ParseError` with the line and column of the first syntax error.
    public init(text: String) throws(ParseError) {
        var parser = try Parser(text: text)
        for policy in try parser.policies() {
            try add(policy)
        }
    }

    /// Parses Cedar policy text, naming each policy by its `@id` annotation when it has one and by position
    /// (`policy0`, `policy1`, ...) otherwise, so that decisions list readable ids.
    /// - Throws: `ParseError` for a syntax error or two policies with the same id.
    public init(text: String, namingByAnnotation: Bool) throws(ParseError) {
        var parser = try Parser(text: text)
        for var policy in try parser.policies() {
            if namingByAnnotation { policy.id = policy.annotations["id"] ?? policy.id }
            try add(policy)
        }
    }

    /// Adds a parsed policy or template.
    /// - Throws: `ParseError` when the id is already used.
    public mutating func add(_ policy: Policy) throws(ParseError) {
        guard policies[policy.id] == nil, templates[policy.id] == nil else {
            throw ParseError("duplicate policy id `\(policy.id)`", at: policy.location)
        }
        if policy.isTemplate {
            templates[policy.id] = policy
        } else {
            policies[policy.id] = policy
            index.insert(policy)
        }
    }

    /// Links a template by filling its `?principal` and `?resource` slots, adding the result as `newID`.
    /// - Throws: `ParseError` when the template is unknown, the id is taken, or a needed slot value is missing.
    public mutating func link(
        template templateID: String,
        newID: String,
        principal: EntityUID? = nil,
        resource: EntityUID? = nil
    ) throws(ParseError) {
        guard var policy = templates[templateID] else {
            throw ParseError("no template `\(templateID)`", at: SourceLocation(line: 1, column: 1))
        }
        if policy.principal.hasSlot {
            guard let principal else { throw ParseError("missing value for ?principal", at: policy.location) }
            policy.principal = policy.principal.linked(to: principal)
        }
        if policy.resource.hasSlot {
            guard let resource else { throw ParseError("missing value for ?resource", at: policy.location) }
            policy.resource = policy.resource.linked(to: resource)
        }
        policy.id = newID
        try add(policy)
    }

    /// Calls `body` for every policy whose scope could match the request (its principal and resource types
    /// and its action, directly or through the action groups it is in) and whose equality guard, if any, the
    /// request could pass. `ancestors` gives each request entity's transitive ancestors and `guardValue` the
    /// request's value for a guard, nil when it fails to evaluate (the evaluator has both at hand).
    func forEachCandidate(
        for request: Request, ancestors: (EntityUID) -> Set<EntityUID>,
        guardValue: (EqualityGuard) -> Value?, _ body: (Policy) -> Void
    ) {
        index.forEachCandidate(for: request, ancestors: ancestors, guardValue: guardValue, body)
    }
}
