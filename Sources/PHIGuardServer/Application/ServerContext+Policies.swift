import PHIGuardAccess
import PHIGuardHTTP
import PHIGuardLedger
import PHIGuardPolicy

/// Policy version changes as the API and the console both make them: the library change, then its
/// administrative ledger event, so neither path can skip the record.
extension ServerContext {
    /// Stores a new policy version and records `policy.create`.
    ///
    /// - Parameters:
    ///   - actor: `token:<id>` for an API client, the user id for a console user.
    ///   - role: the console user's role; nil for an API client.
    /// - Returns: the version and its validation problems (a version is stored even when it does not validate).
    /// - Throws: `PolicyTextError` when a text does not parse; `input.invalid` for a comment that is too long.
    func createPolicyVersion(
        policies: String, schema: String, comment: String, actor: String, role: String? = nil, request: HTTPRequest
    ) throws -> (PolicyVersion, [PolicyProblem]) {
        let (version, problems) = try self.policies.create(
            policies: policies, schema: schema, comment: comment, createdBy: actor)
        try recordAdministrative(
            .policyCreate, eventClass: .administration, actor: actor, role: role,
            resource: .init(type: "policy_version", id: String(version.version)), request: request)
        return (version, problems)
    }

    /// Validates a stored version, makes it the one that decides and records `policy.activate`.
    ///
    /// - Throws: `PolicyActivationError` when it does not validate; `resource.not_found` for an unknown version.
    func activatePolicyVersion(_ number: Int, actor: String, role: String? = nil, request: HTTPRequest) throws {
        try policies.activate(number, by: actor)
        try recordAdministrative(
            .policyActivate, eventClass: .administration, actor: actor, role: role,
            resource: .init(type: "policy_version", id: String(number)), request: request)
        logger.notice("policy version activated", ["policy.version": .int(number)])
    }

    /// The schema a new version gets when the caller sends none: the active version's, else the shipped pack's.
    func defaultPolicySchema() throws -> String {
        guard let active = try policies.activeVersionNumber() else { return HIPAAPolicyPack.schema }
        return try policies.version(active).schema
    }
}
