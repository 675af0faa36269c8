import Foundation
import PHIGuardAccess
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardLedger
import PHIGuardPolicy

/// Policy versions: store, read, activate (validated first, an administrative event) and dry-run against
/// recorded decisions. Behind the `policy:manage` scope.
struct PolicyRoutes {
    let context: ServerContext

    func register(on router: Router) {
        router.get("/api/v1/policies", summary: "List policy versions and the active one", tag: "policies") {
            _ = try context.authenticate($0, scope: .policyManage)
            let active = try context.policies.activeVersionNumber()
            return try .json(
                VersionList(
                    activeVersion: active,
                    versions: try context.policies.list().map { VersionSummary($0, active: active) }))
        }
        router.post("/api/v1/policies", summary: "Store a new policy version", tag: "policies") {
            try create($0)
        }
        router.get("/api/v1/policies/{version}", summary: "One policy version with its problems", tag: "policies") {
            request in
            _ = try context.authenticate(request, scope: .policyManage)
            let number = try Self.number(request)
            let stored = try found { try context.policies.version(number) }
            let problems = try context.policies.compiled(number).1
            return try .json(
                VersionDetail(
                    stored, active: try context.policies.activeVersionNumber() == number, problems: problems))
        }
        router.post(
            "/api/v1/policies/{version}/activate", summary: "Validate and activate a policy version", tag: "policies"
        ) { try activate($0) }
        router.post(
            "/api/v1/policies/{version}/dry-run",
            summary: "Replay recent decisions against a policy version and list what would change", tag: "policies"
        ) { try dryRun($0) }
    }

    private struct CreateBody: Decodable {
        let policies: String
        let schema: String?
        let comment: String?
    }

    private func create(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try context.authenticate(request, scope: .policyManage)
        let body = try request.decode(CreateBody.self)
        let schema = try body.schema ?? context.defaultPolicySchema()
        do {
            let (version, problems) = try context.createPolicyVersion(
                policies: body.policies, schema: schema, comment: body.comment ?? "", actor: "token:\(caller.id)",
                request: request)
            return try .json(VersionDetail(version, active: false, problems: problems), status: 201)
        } catch let error as PolicyTextError {
            throw Self.problem(error.problem)
        } catch let error as PHIGuardError where error.code == .invalidInput {
            throw Problem.unprocessable(error.reason.capitalizedFirst + ".")
        }
    }

    private func activate(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try context.authenticate(request, scope: .policyManage)
        let number = try Self.number(request)
        do {
            try found { try context.activatePolicyVersion(number, actor: "token:\(caller.id)", request: request) }
        } catch let error as PolicyActivationError {
            throw Problem.unprocessable(
                "Version \(number) does not validate against its schema, so it was not activated.",
                errors: error.problems.map(Self.fieldError))
        }
        let stored = try context.policies.version(number)
        return try .json(VersionDetail(stored, active: true, problems: []))
    }

    private struct DryRunBody: Decodable {
        let days: Int?
    }

    private func dryRun(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try context.authenticate(request, scope: .policyManage)
        let number = try Self.number(request)
        let days = request.body.isEmpty ? 7 : (try request.decode(DryRunBody.self).days ?? 7)
        guard (1...context.settings.decisionLogDays).contains(days) else {
            throw Problem.unprocessable(
                "Decisions are kept \(context.settings.decisionLogDays) days.",
                errors: [.init(pointer: "/days", detail: "must be 1 to \(context.settings.decisionLogDays)")])
        }
        let (candidate, problems) = try found { try context.policies.compiled(number) }
        let replay = try context.decisionLog.replay(
            since: Date().addingTimeInterval(-Double(days) * 86_400), with: candidate, decider: context.decider)
        return try .json(DryRunAnswer(version: number, days: days, replay, problems: problems))
    }

    private func found<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PHIGuardError where error.code == .notFound {
            throw Problem.notFound("No policy version with this number.")
        }
    }

    private static func number(_ request: HTTPRequest) throws -> Int {
        guard let number = Int(request.pathParameters["version"] ?? ""), number > 0 else {
            throw Problem.notFound("A policy version is a positive number.")
        }
        return number
    }

    static func fieldError(_ problem: PolicyProblem) -> Problem.FieldError {
        Problem.FieldError(
            pointer: "/\(problem.file)",
            detail: "line \(problem.line), column \(problem.column): "
                + (problem.policy.map { "policy \($0): " } ?? "") + problem.message)
    }

    static func problem(_ problem: PolicyProblem) -> Problem {
        Problem.unprocessable("The \(problem.file) text does not parse.", errors: [fieldError(problem)])
    }
}

private struct VersionSummary: Encodable {
    let version: Int
    let comment: String
    let createdBy: String
    let createdAt: String
    let active: Bool

    init(_ stored: PolicyVersion, active: Int?) {
        version = stored.version
        comment = stored.comment
        createdBy = stored.createdBy
        createdAt = ISO8601.format(stored.createdAt)
        self.active = stored.version == active
    }

    enum CodingKeys: String, CodingKey {
        case version, comment, active
        case createdBy = "created_by"
        case createdAt = "created_at"
    }
}

private struct VersionList: Encodable {
    let activeVersion: Int?
    let versions: [VersionSummary]

    enum CodingKeys: String, CodingKey {
        case versions
        case activeVersion = "active_version"
    }
}

private struct VersionDetail: Encodable {
    let version: Int
    let comment: String
    let createdBy: String
    let createdAt: String
    let active: Bool
    let valid: Bool
    let problems: [PolicyProblem]
    let policies: String
    let schema: String

    init(_ stored: PolicyVersion, active: Bool, problems: [PolicyProblem]) {
        version = stored.version
        comment = stored.comment
        createdBy = stored.createdBy
        createdAt = ISO8601.format(stored.createdAt)
        self.active = active
        valid = problems.isEmpty
        self.problems = problems
        policies = stored.policies
        schema = stored.schema
    }

    enum CodingKeys: String, CodingKey {
        case version, comment, active, valid, problems, policies, schema
        case createdBy = "created_by"
        case createdAt = "created_at"
    }
}

private struct DryRunAnswer: Encodable {
    struct Change: Encodable {
        let decisionID: String
        let decidedAt: String
        let ledgerIndex: Int?
        let user: String
        let action: String
        let record: String?
        let patient: String?
        let category: String?
        let before: String
        let after: String
        let policies: [String]

        enum CodingKeys: String, CodingKey {
            case user, action, record, patient, category, before, after, policies
            case decisionID = "decision_id"
            case decidedAt = "decided_at"
            case ledgerIndex = "ledger_index"
        }
    }

    let version: Int
    let days: Int
    let replayed: Int
    let changed: [Change]
    let failures: [String: String]
    let problems: [PolicyProblem]

    init(version: Int, days: Int, _ replay: DecisionLog.Replay, problems: [PolicyProblem]) {
        self.version = version
        self.days = days
        replayed = replay.replayed
        changed = replay.changes.map {
            Change(
                decisionID: $0.id, decidedAt: ISO8601.format($0.decidedAt), ledgerIndex: $0.ledgerIndex,
                user: $0.request.user, action: $0.request.action, record: $0.request.record,
                patient: $0.request.patient, category: $0.request.category, before: $0.before.rawValue,
                after: $0.after.rawValue, policies: $0.afterPolicies)
        }
        failures = replay.failures
        self.problems = problems
    }
}
