import Foundation
import PHIGuardCompliance
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardLedger

/// Incidents: open, read, list, update, move through the lifecycle, acknowledge, and work tasks. Behind the
/// `incident:manage` scope; every change is an administrative event in the ledger.
struct IncidentRoutes {
    let context: ServerContext

    func register(on router: Router) {
        router.get("/api/v1/incidents", summary: "List incidents, newest first", tag: "incidents") { request in
            _ = try context.authenticate(request, scope: .incidentManage)
            let now = context.clock.now()
            return try .json(["incidents": try context.incidents.list().map { IncidentAnswer($0, now: now) }])
        }
        router.post("/api/v1/incidents", summary: "Open an incident", tag: "incidents") { try open($0) }
        router.get("/api/v1/incidents/{id}", summary: "One incident with its timeline", tag: "incidents") {
            request in
            _ = try context.authenticate(request, scope: .incidentManage)
            return try .json(IncidentAnswer(try incident(request), now: context.clock.now()))
        }
        router.patch("/api/v1/incidents/{id}", summary: "Change an incident's fields", tag: "incidents") { request in
            try change(request) { .update(try IncidentUpdate(json: Data(request.body))) }
        }
        router.post("/api/v1/incidents/{id}/status", summary: "Move an incident forward", tag: "incidents") {
            request in
            try change(request) { try IncidentChange.move(json: Data(request.body)) }
        }
        router.post("/api/v1/incidents/{id}/acknowledge", summary: "Acknowledge an incident", tag: "incidents") {
            try change($0) { .acknowledge }
        }
        router.post("/api/v1/incidents/{id}/tasks", summary: "Add a response task", tag: "incidents") { request in
            try change(request) { try IncidentChange.addTask(json: Data(request.body)) }
        }
        router.post(
            "/api/v1/incidents/{id}/tasks/{task}/complete", summary: "Mark a response task done", tag: "incidents"
        ) { request in
            try change(request) { .completeTask(id: request.pathParameters["task"] ?? "") }
        }
    }

    private func open(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try context.authenticate(request, scope: .incidentManage)
        return try ComplianceRouting.answering {
            let now = context.clock.now()
            let opening = try IncidentOpening(json: Data(request.body), now: now)
            let incident = Incident.open(
                id: "inc_" + Identifier.random(bytes: 8), title: opening.title, summary: opening.summary,
                severity: opening.severity, detectedAt: opening.detectedAt, by: "token:\(caller.id)", at: now,
                affectedSystems: opening.affectedSystems, businessAssociates: opening.businessAssociates)
            try context.incidents.insert(incident)
            try record(.incidentCreate, incident, actor: "token:\(caller.id)", request: request)
            context.logger.info(
                "incident opened", [.incidentID: .string(incident.id), .requestID: .string(request.requestID)])
            return try .json(IncidentAnswer(incident, now: now), status: 201)
        }
    }

    /// Applies a change read from the request to the stored incident and records it.
    private func change(_ request: HTTPRequest, _ read: () throws -> IncidentChange) throws -> HTTPResponse {
        let caller = try context.authenticate(request, scope: .incidentManage)
        let current = try incident(request)
        return try ComplianceRouting.answering {
            let now = context.clock.now()
            let next = try current.applying(try read(), by: "token:\(caller.id)", at: now)
            try context.incidents.update(next, at: now)
            try record(.incidentUpdate, next, actor: "token:\(caller.id)", request: request)
            return try .json(IncidentAnswer(next, now: now))
        }
    }

    private func incident(_ request: HTTPRequest) throws -> Incident {
        guard let found = try context.incidents.incident(request.pathParameters["id"] ?? "") else {
            throw Problem.notFound("No incident with this id.")
        }
        return found
    }

    /// The ledger entry of a change: its timeline text, which names fields and statuses but no values.
    private func record(_ action: AuditAction, _ incident: Incident, actor: String, request: HTTPRequest) throws {
        try context.recordAdministrative(
            action, eventClass: .administration, actor: actor, resource: .init(type: "incident", id: incident.id),
            request: request,
            details: ["change": incident.timeline.last?.what ?? "", "severity": incident.severity.rawValue])
    }
}

/// An incident as the API shows it: the incident, its escalation path and where escalation stands.
struct IncidentAnswer: Encodable {
    let incident: Incident
    let now: Date

    init(_ incident: Incident, now: Date) {
        self.incident = incident
        self.now = now
    }

    private enum CodingKeys: String, CodingKey {
        case escalation
    }

    private struct Escalation: Encodable {
        let policy: EscalationPolicy
        let state: String
        let deadline: Date?
        let nextStep: String?

        enum CodingKeys: String, CodingKey {
            case policy, state, deadline
            case nextStep = "next_step"
        }
    }

    func encode(to encoder: any Encoder) throws {
        try incident.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        let policy = incident.severity.escalation
        let escalation: Escalation =
            switch incident.escalation(at: now) {
            case .acknowledged: Escalation(policy: policy, state: "acknowledged", deadline: nil, nextStep: nil)
            case .awaiting(let deadline):
                Escalation(policy: policy, state: "awaiting", deadline: deadline, nextStep: nil)
            case .overdue(let deadline, let next):
                Escalation(policy: policy, state: "overdue", deadline: deadline, nextStep: next)
            }
        try container.encode(escalation, forKey: .escalation)
    }
}
