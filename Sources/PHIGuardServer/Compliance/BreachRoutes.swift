import Foundation
import PHIGuardCompliance
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardLedger

/// Breach cases: open, read, list, update, the plan, the signed determination, the notices (generated text,
/// the HHS data sheet, the annual log, records of sending). Behind the `breach:manage` scope; every change is
/// an administrative event in the ledger.
struct BreachRoutes {
    let context: ServerContext

    func register(on router: Router) {
        router.get("/api/v1/breaches", summary: "List breach cases with their next deadline", tag: "breaches") {
            request in
            _ = try context.authenticate(request, scope: .breachManage)
            let today = ComplianceRouting.today(context)
            return try .json(["breaches": try context.breachCases.list().map { BreachSummary($0, today: today) }])
        }
        router.post("/api/v1/breaches", summary: "Open a breach case", tag: "breaches") { try open($0) }
        router.get(
            "/api/v1/breaches/log", summary: "The annual log of breaches under 500 as CSV (?year=YYYY)",
            tag: "breaches"
        ) { try log($0) }
        router.get("/api/v1/breaches/{id}", summary: "One breach case with its plan and notices", tag: "breaches") {
            request in
            _ = try context.authenticate(request, scope: .breachManage)
            return try .json(BreachAnswer(try breachCase(request), today: ComplianceRouting.today(context)))
        }
        router.patch("/api/v1/breaches/{id}", summary: "Change a breach case's facts", tag: "breaches") {
            try update($0)
        }
        router.get("/api/v1/breaches/{id}/plan", summary: "The case's determination and deadlines", tag: "breaches") {
            request in
            _ = try context.authenticate(request, scope: .breachManage)
            return try .json(try breachCase(request).plan())
        }
        router.post(
            "/api/v1/breaches/{id}/determination", summary: "Sign the case's determination", tag: "breaches"
        ) { try determine($0) }
        router.get("/api/v1/breaches/{id}/notices", summary: "The case's notices and their state", tag: "breaches") {
            request in
            _ = try context.authenticate(request, scope: .breachManage)
            let today = ComplianceRouting.today(context)
            return try .json(["notices": try breachCase(request).noticeStatuses(on: today)])
        }
        router.post("/api/v1/breaches/{id}/notices", summary: "Record a notice as sent", tag: "breaches") {
            try recordNotice($0)
        }
        router.get(
            "/api/v1/breaches/{id}/notices/letter", summary: "The individual notice letter with merge fields",
            tag: "breaches"
        ) { request in
            _ = try context.authenticate(request, scope: .breachManage)
            return .text(try writer(request).individualLetter())
        }
        router.get(
            "/api/v1/breaches/{id}/notices/media/{state}", summary: "The media notice for one State", tag: "breaches"
        ) { request in
            _ = try context.authenticate(request, scope: .breachManage)
            let writer = try writer(request)
            let state = request.pathParameters["state"] ?? ""
            guard (writer.breachCase.fields.affectedByState[state] ?? 0) > BreachClock.mediaThreshold else {
                throw Problem.notFound("Media notice is owed only for a State with more than 500 affected residents.")
            }
            return .text(writer.mediaNotice(state: state))
        }
        router.get("/api/v1/breaches/{id}/notices/hhs", summary: "The HHS breach report data sheet", tag: "breaches") {
            request in
            _ = try context.authenticate(request, scope: .breachManage)
            return try .json(try writer(request).hhsReport())
        }
    }

    private func open(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try context.authenticate(request, scope: .breachManage)
        let today = ComplianceRouting.today(context)
        return try ComplianceRouting.answering {
            let fields = try BreachCaseFields(json: Data(request.body), today: today)
            try checkIncident(fields.incidentID)
            let created = BreachCase.open(
                id: "brc_" + Identifier.random(bytes: 8), fields: fields, by: "token:\(caller.id)",
                at: context.clock.now())
            try context.breachCases.insert(created)
            try record(.breachCreate, created, actor: "token:\(caller.id)", request: request)
            context.logger.info(
                "breach case opened", [.breachCaseID: .string(created.id), .requestID: .string(request.requestID)])
            return try .json(BreachAnswer(created, today: today), status: 201)
        }
    }

    private func update(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try context.authenticate(request, scope: .breachManage)
        let current = try breachCase(request)
        let today = ComplianceRouting.today(context)
        return try ComplianceRouting.answering {
            let now = context.clock.now()
            let next = try current.patched(with: Data(request.body), by: "token:\(caller.id)", at: now, today: today)
            guard next.revision != current.revision else { return try .json(BreachAnswer(current, today: today)) }
            try checkIncident(next.fields.incidentID)
            try context.breachCases.update(next, at: now)
            try record(.breachUpdate, next, actor: "token:\(caller.id)", request: request)
            return try .json(BreachAnswer(next, today: today))
        }
    }

    private func determine(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try context.authenticate(request, scope: .breachManage)
        let current = try breachCase(request)
        return try ComplianceRouting.answering {
            let now = context.clock.now()
            let ask = try DeterminationRequest(json: Data(request.body))
            let next = try current.signed(
                ask.outcome, by: ask.signedBy, statement: ask.statement, actor: "token:\(caller.id)", at: now)
            try context.breachCases.update(next, at: now)
            try record(.breachDetermine, next, actor: "token:\(caller.id)", request: request)
            return try .json(BreachAnswer(next, today: ComplianceRouting.today(context)))
        }
    }

    private func recordNotice(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try context.authenticate(request, scope: .breachManage)
        let current = try breachCase(request)
        let today = ComplianceRouting.today(context)
        return try ComplianceRouting.answering {
            let now = context.clock.now()
            let sent = try NoticeSentRequest(json: Data(request.body))
            let next = try current.recordingNotice(
                sent.notice, sentOn: sent.sentOn, method: sent.method, by: "token:\(caller.id)", at: now, today: today)
            try context.breachCases.update(next, at: now)
            try record(.breachNotice, next, actor: "token:\(caller.id)", request: request)
            return try .json(["notices": next.noticeStatuses(on: today)])
        }
    }

    private func log(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try context.authenticate(request, scope: .breachManage)
        guard let text = request.query["year"], let year = Int(text), (1900...9999).contains(year) else {
            throw Problem.badRequest(
                "Name the year of the log.", errors: [.init(pointer: "/year", detail: "must be a year such as 2024")])
        }
        var response = HTTPResponse.text(
            AnnualBreachLog.csv(try context.breachCases.list(), year: year), contentType: "text/csv; charset=utf-8")
        response.headers.set("Content-Disposition", "attachment; filename=\"breach-log-\(year).csv\"")
        return response
    }

    private func breachCase(_ request: HTTPRequest) throws -> BreachCase {
        guard let found = try context.breachCases.breachCase(request.pathParameters["id"] ?? "") else {
            throw Problem.notFound("No breach case with this id.")
        }
        return found
    }

    private func writer(_ request: HTTPRequest) throws -> NoticeWriter {
        guard let writer = NoticeWriter(try breachCase(request)) else {
            throw Problem.conflict("The case has no notice_content yet; add it before generating notices.")
        }
        return writer
    }

    /// A case may name an incident only when it exists.
    private func checkIncident(_ id: String?) throws {
        guard let id, try context.incidents.incident(id) == nil else { return }
        throw ComplianceInputError(problems: [.init(pointer: "/incident_id", detail: "names no incident")])
    }

    /// The ledger entry of a change: its timeline text, which names fields, outcomes and notices, no values.
    private func record(_ action: AuditAction, _ breachCase: BreachCase, actor: String, request: HTTPRequest) throws {
        try context.recordAdministrative(
            action, eventClass: .administration, actor: actor,
            resource: .init(type: "breach_case", id: breachCase.id), request: request,
            details: ["change": breachCase.timeline.last?.what ?? ""])
    }
}

/// A case as the API shows it: the case's members, its `plan`, and `notice_status` for each notice.
struct BreachAnswer: Encodable {
    let breachCase: BreachCase
    let today: CalendarDate

    init(_ breachCase: BreachCase, today: CalendarDate) {
        self.breachCase = breachCase
        self.today = today
    }

    private enum CodingKeys: String, CodingKey {
        case plan
        case noticeStatus = "notice_status"
    }

    func encode(to encoder: any Encoder) throws {
        try breachCase.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(breachCase.plan(), forKey: .plan)
        try container.encode(breachCase.noticeStatuses(on: today), forKey: .noticeStatus)
    }
}

/// A case in a list: enough to see what needs doing next, without the narratives.
struct BreachSummary: Encodable {
    let id: String
    let incidentID: String?
    let discoveredOn: CalendarDate
    let basis: String
    let isReportableBreach: Bool
    let totalAffected: Int
    let determination: String?
    let nextDue: CalendarDate?
    let nextNotice: String?
    let overdue: Int

    init(_ breachCase: BreachCase, today: CalendarDate) {
        let plan = breachCase.plan()
        let statuses = breachCase.noticeStatuses(on: today)
        let next = statuses.first { $0.sent == nil && $0.notification.due != nil }
        id = breachCase.id
        incidentID = breachCase.fields.incidentID
        discoveredOn = breachCase.fields.discoveredOn
        basis = plan.basis.rawValue
        isReportableBreach = plan.isReportableBreach
        totalAffected = plan.totalAffected
        determination = breachCase.determination?.outcome.rawValue
        nextDue = next?.notification.due
        nextNotice = next?.key
        overdue = statuses.filter(\.isOverdue).count
    }

    enum CodingKeys: String, CodingKey {
        case id, basis, determination, overdue
        case incidentID = "incident_id"
        case discoveredOn = "discovered_on"
        case isReportableBreach = "is_reportable_breach"
        case totalAffected = "total_affected"
        case nextDue = "next_due"
        case nextNotice = "next_notice"
    }

    /// Every member written, `null` when absent.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(incidentID, forKey: .incidentID)
        try container.encode(discoveredOn, forKey: .discoveredOn)
        try container.encode(basis, forKey: .basis)
        try container.encode(isReportableBreach, forKey: .isReportableBreach)
        try container.encode(totalAffected, forKey: .totalAffected)
        try container.encode(determination, forKey: .determination)
        try container.encode(nextDue, forKey: .nextDue)
        try container.encode(nextNotice, forKey: .nextNotice)
        try container.encode(overdue, forKey: .overdue)
    }
}
