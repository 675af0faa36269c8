import Foundation
import PHIGuardPolicy

/// One stored version of the policy set: Cedar policy text and the schema it is checked against.
public struct PolicyVersion: Sendable, Hashable {
    /// 1, 2, 3, ... in order of creation.
    public var version: Int
    /// The Cedar policies.
    public var policies: String
    /// The schema, in the human `.cedarschema` syntax.
    public var schema: String
    /// Why this version was made.
    public var comment: String
    /// Who made it.
    public var createdBy: String
    public var createdAt: Date
}

/// Something wrong with policy or schema text, with where it is.
public struct PolicyProblem: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// `policies` or `schema`.
    public var file: String
    /// The policy the problem is in, when the problem belongs to one.
    public var policy: String?
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, policy: String? = nil, line: Int, column: Int, message: String) {
        self.file = file
        self.policy = policy
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        "\(file):\(line):\(column): " + (policy.map { "\($0): " } ?? "") + message
    }
}

/// A policy version parsed and ready to decide with.
public struct CompiledPolicies: Sendable {
    public let version: Int
    public let schema: Schema
    public let policies: PolicySet
    /// Hops of entity-valued attributes a decision must load beyond its own entities: one less than the
    /// longest attribute chain the policies read (`resource.patient.restricted` needs the patient, not the
    /// patient's care team members).
    public let entityReach: Int
    /// The schema's action entities with their groups, built once for every decision to start from.
    public let actionEntities: Entities.Layer
    /// Each policy's `@reason` and `@obligation` names by id, read from the annotations once.
    private let notes: [String: (reason: String?, obligations: [String])]

    init(version: Int, schema: Schema, policies: PolicySet) {
        self.version = version
        self.schema = schema
        self.policies = policies
        self.entityReach = max(0, policies.attributeDepth - 1)
        self.actionEntities = Entities.Layer(Entities(schema.actionEntities))
        self.notes = policies.policies.keys.reduce(into: [:]) { notes, id in
            notes[id] = (
                HIPAAPolicyPack.reasons(of: [id], in: policies).first,
                HIPAAPolicyPack.obligations(of: [id], in: policies)
            )
        }
    }

    /// Parses and validates `text` against `schemaText` in strict mode.
    ///
    /// - Returns: the compiled set and every validation problem; parse errors throw instead.
    /// - Throws: `PolicyTextError` when either text does not parse.
    public static func compile(version: Int, policies text: String, schema schemaText: String) throws(PolicyTextError)
        -> (CompiledPolicies, [PolicyProblem])
    {
        let schema: Schema
        do {
            schema = try Schema(text: schemaText)
        } catch {
            throw PolicyTextError(problem: PolicyProblem(error, file: "schema"))
        }
        let set: PolicySet
        do {
            set = try PolicySet(text: text, namingByAnnotation: true)
        } catch {
            throw PolicyTextError(problem: PolicyProblem(error, file: "policies"))
        }
        let problems = Validator(schema: schema).validate(set).map { error in
            let location = (set.policies[error.policyID] ?? set.templates[error.policyID])?.location
            return PolicyProblem(
                file: "policies", policy: error.policyID, line: location?.line ?? 1, column: location?.column ?? 1,
                message: error.message)
        }
        return (CompiledPolicies(version: version, schema: schema, policies: set), problems)
    }

    /// The `@obligation` names of the given policies, in order and without repeats.
    public func obligations(of ids: [String]) -> [String] {
        guard ids.allSatisfy({ notes[$0] != nil }) else { return HIPAAPolicyPack.obligations(of: ids, in: policies) }
        var result: [String] = []
        for id in ids {
            for name in notes[id]?.obligations ?? [] where !result.contains(name) { result.append(name) }
        }
        return result
    }

    /// The `@reason` texts of the given policies, in order.
    public func reasons(of ids: [String]) -> [String] {
        guard ids.allSatisfy({ notes[$0] != nil }) else { return HIPAAPolicyPack.reasons(of: ids, in: policies) }
        return ids.compactMap { notes[$0]?.reason }
    }
}

/// Policy or schema text that does not parse.
public struct PolicyTextError: Error, Sendable, CustomStringConvertible {
    public var problem: PolicyProblem
    public var description: String { problem.description }
}

extension PolicyProblem {
    init(_ error: ParseError, file: String) {
        self.init(file: file, line: error.location.line, column: error.location.column, message: error.message)
    }
}
