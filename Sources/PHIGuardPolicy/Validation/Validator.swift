/// Checks policies against a schema in Cedar's strict mode: every entity type and action exists, and every
/// condition type-checks for each principal, action and resource combination the scope admits.
public struct Validator: Sendable {
    /// The schema policies are checked against.
    public var schema: Schema

    /// Creates a validator for a schema.
    public init(schema: Schema) {
        self.schema = schema
    }

    /// Every problem found, in policy id order; empty when the policies are valid.
    public func validate(_ policies: PolicySet) -> [ValidationError] {
        var errors: [ValidationError] = []
        for id in (Array(policies.policies.keys) + Array(policies.templates.keys)).sorted() {
            guard let policy = policies.policies[id] ?? policies.templates[id] else { continue }
            errors += validate(policy).map { ValidationError(policyID: id, message: $0) }
        }
        return errors
    }

    private func validate(_ policy: Policy) -> [String] {
        var problems = scopeProblems(policy)
        guard problems.isEmpty else { return problems }
        let environments = RequestEnvironment.all(in: schema).filter { $0.admits(policy, schema: schema) }
        guard !environments.isEmpty else { return ["the scope admits no request the schema allows"] }
        for environment in environments {
            var checker = Typechecker(schema: schema, environment: environment)
            for condition in policy.conditions {
                _ = checker.expectBool(condition.body)
            }
            problems += checker.problems
            if !problems.isEmpty { break }
        }
        return problems
    }

    private func scopeProblems(_ policy: Policy) -> [String] {
        var uids: [EntityUID] = []
        for constraint in [policy.principal, policy.resource] {
            switch constraint {
            case .equal(.entity(let uid)), .in(.entity(let uid)): uids.append(uid)
            case .isIn(let type, .entity(let uid)):
                uids.append(uid)
                if schema.entityTypes[type] == nil { return ["unknown entity type \(type)"] }
            case .is(let type):
                if schema.entityTypes[type] == nil { return ["unknown entity type \(type)"] }
            default: break
            }
        }
        switch policy.action {
        case .equal(let uid): uids.append(uid)
        case .in(let list): uids += list
        case .any: break
        }
        return uids.compactMap { Typechecker.problem(withLiteral: $0, schema: schema) }
    }
}
