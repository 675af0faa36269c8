import Foundation
import PHIGuardCompliance
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardLedger

/// The console's breach response pages: the cases with a calendar of deadlines (overdue ones highlighted),
/// one case's determination workflow with the signing form and the notices, and the home page's widget.
struct BreachPage {
    let context: ServerContext

    /// One notice of one case, for the calendar.
    private struct Deadline {
        let breachCase: BreachCase
        let status: NoticeStatus
    }

    func register(on router: Router) {
        let gate = ConsoleRoutes(context: context)
        router.get("/breaches", summary: "Breach cases and deadlines", tag: "console", isAPI: false) { request in
            try gate.signedIn(request) { try list(session: $0, today: ComplianceRouting.today(context)) }
        }
        router.get("/breaches/{id}", summary: "A breach case's workflow", tag: "console", isAPI: false) { request in
            try gate.signedIn(request) { try casePage(try breachCase(request), session: $0, message: nil) }
        }
        router.post(
            "/breaches/{id}/determination", summary: "Sign a determination", tag: "console", isAPI: false
        ) { request in
            try gate.signedIn(request) { try sign(request, session: $0) }
        }
        router.post("/breaches/{id}/notices", summary: "Record a notice as sent", tag: "console", isAPI: false) {
            request in
            try gate.signedIn(request) { try recordNotice(request, session: $0) }
        }
    }

    // MARK: Cases and calendar

    private func list(session: ConsoleSession, today: CalendarDate) throws -> HTTPResponse {
        let cases = try context.breachCases.list()
        let deadlines = cases.flatMap { breachCase in
            breachCase.noticeStatuses(on: today).map { Deadline(breachCase: breachCase, status: $0) }
        }
        let overdue = deadlines.filter(\.status.isOverdue).count
        let rows: [[HTML]] = cases.map { breachCase in
            let plan = breachCase.plan()
            return [
                H.a("/breaches/\(breachCase.id)", breachCase.id), .text(breachCase.fields.discoveredOn.description),
                .text(String(plan.totalAffected)), .text(plan.basis.rawValue),
                .text(
                    breachCase.determination.map { "\($0.outcome.rawValue), signed by \($0.signedBy)" } ?? "not signed"),
            ]
        }
        let page = Layout.page(
            title: "Breach response", current: "/breaches", session: session,
            overdue > 0 ? H.flash("error", "\(overdue) notice\(overdue == 1 ? " is" : "s are") overdue.") : .empty,
            H.h2("Cases"),
            cases.isEmpty
                ? H.p("No breach cases. Open one through the API (POST /api/v1/breaches, scope breach:manage).")
                : H.table(headers: ["Case", "Discovered", "Affected", "Basis", "Determination"], rows: rows),
            H.h2("Deadline calendar"),
            calendar(deadlines.filter { $0.status.sent == nil }, today: today))
        return .html(page)
    }

    /// Open deadlines by month, earliest first; notices whose clock has not started are listed after them.
    private func calendar(_ open: [Deadline], today: CalendarDate) -> HTML {
        let dated = open.filter { $0.status.notification.due != nil }.sorted {
            ($0.status.notification.due?.daysSinceEpoch ?? 0, $0.breachCase.id, $0.status.key)
                < ($1.status.notification.due?.daysSinceEpoch ?? 0, $1.breachCase.id, $1.status.key)
        }
        guard !open.isEmpty else { return H.p("No open deadlines.") }
        var months: [(String, [Deadline])] = []
        for deadline in dated {
            let month = String((deadline.status.notification.due?.description ?? "").prefix(7))
            if months.last?.0 == month {
                months[months.count - 1].1.append(deadline)
            } else {
                months.append((month, [deadline]))
            }
        }
        var parts: [HTML] = months.map { month, deadlines in
            .element(
                "section", ["class": "month", "id": "month-\(month)"],
                [.element("h3", [:], [.text(month)]), deadlineTable(deadlines, today: today)])
        }
        let pending = open.filter { $0.status.notification.due == nil }
        if !pending.isEmpty {
            parts.append(.element("h3", [:], ["Waiting for the clock to start"]))
            parts.append(deadlineTable(pending, today: today))
        }
        return .element("div", ["id": "calendar"], parts)
    }

    private func deadlineTable(_ deadlines: [Deadline], today: CalendarDate) -> HTML {
        let head = HTML.element(
            "thead", [:],
            [.element("tr", [:], ["Due", "Case", "Notice", "Rule", "Status"].map { .element("th", [:], [.text($0)]) })])
        let rows: [HTML] = deadlines.map { deadline in
            let status = deadline.status
            let cells: [HTML] = [
                .text(status.notification.due?.description ?? "pending"),
                H.a("/breaches/\(deadline.breachCase.id)", deadline.breachCase.id), .text(status.key),
                .text(status.notification.rule), .text(Self.state(of: status, today: today)),
            ]
            return .element(
                "tr", ["class": status.isOverdue ? "overdue" : nil],
                cells.map { .element("td", [:], [$0]) })
        }
        return .element("table", [:], [head, .element("tbody", [:], rows)])
    }

    private static func state(of status: NoticeStatus, today: CalendarDate) -> String {
        if let sent = status.sent {
            return "sent \(sent.sentOn) by \(sent.method.rawValue)" + (status.wasLate ? " (late)" : "")
        }
        guard let due = status.notification.due else { return status.notification.pending ?? "pending" }
        let days = due.days(since: today)
        switch days {
        case ..<0: return "overdue by \(-days) day\(days == -1 ? "" : "s")"
        case 0: return "due today"
        default: return "due in \(days) day\(days == 1 ? "" : "s")"
        }
    }

    // MARK: One case

    private func casePage(
        _ breachCase: BreachCase, session: ConsoleSession, message: HTML?, status: Int = 200
    ) throws -> HTTPResponse {
        let today = ComplianceRouting.today(context)
        let fields = breachCase.fields
        let plan = breachCase.plan()
        let states = fields.affectedByState.keys.sorted().map { "\($0): \(fields.affectedByState[$0] ?? 0)" }
        let discoverer =
            fields.discoveredBy == .coveredEntity
            ? "covered entity (\(fields.discovererName))"
            : "business associate \(fields.discovererName), \(fields.baIsAgent ? "an agent" : "not an agent")"
        var content: [HTML] = [
            message ?? .empty,
            H.dl([
                ("Discovered", .text(fields.discoveredOn.description)), ("Discovered by", .text(discoverer)),
                ("Affected", .text("\(plan.totalAffected) (\(states.joined(separator: ", ")))")),
                ("Without contact information", .text(String(fields.unknownContactCount))),
                ("Basis", .element("span", ["id": "basis"], [.text(plan.basis.rawValue)])),
            ]),
            H.h2("Determination workflow"), workflow(breachCase, basis: plan.basis, session: session),
            H.h2("Notices"), noticeTable(breachCase, today: today, session: session),
        ]
        if let writer = NoticeWriter(breachCase) {
            content.append(H.h2("Individual letter"))
            content.append(.element("pre", ["id": "letter"], [.text(writer.individualLetter())]))
        }
        return .html(
            Layout.page(
                title: "Breach case \(breachCase.id)", current: "/breaches", session: session, .group(content)),
            status: status)
    }

    private func workflow(_ breachCase: BreachCase, basis: BreachBasis, session: ConsoleSession) -> HTML {
        let fields = breachCase.fields
        func step(_ done: Bool, _ title: String, _ detail: String) -> HTML {
            .element(
                "li", ["class": done ? "done" : "open"],
                [.element("strong", [:], [.text(title)]), .text(": " + detail)])
        }
        let exception = fields.exception.map { "\($0.kind.rawValue), because \($0.rationale)" } ?? "none claimed"
        let harbor =
            fields.safeHarbor.map {
                "\($0.method.rawValue) (\($0.encryptionStandard ?? $0.destructionStandard ?? "no standard")); evidence: \($0.evidence)"
            } ?? "not documented"
        let assessment =
            fields.assessment.map { assessment in
                assessment.factors.map { "\($0.name) \($0.factor.rating.rawValue): \($0.factor.narrative)" }
                    .joined(separator: "; ")
                    + (assessment.lowProbabilityOfCompromise ? ". Low probability of compromise" : ". Not low")
                    + ", assessed by \(assessment.assessedBy)"
            } ?? "not documented, so the breach is presumed"
        let supported = SignedDetermination.Outcome(basis)
        let signing: HTML =
            breachCase.determination.map { signed in
                step(
                    true, "Determination",
                    "\(signed.outcome.rawValue) (basis \(signed.basis)), signed by \(signed.signedBy) on "
                        + ISO8601.format(signed.signedAt))
            }
            ?? .element(
                "li", ["class": "open"],
                [
                    .element("strong", [:], ["Determination"]),
                    .text(": not signed. The documented facts support \(supported.rawValue)."),
                    H.form(
                        action: "/breaches/\(breachCase.id)/determination", csrf: session.csrfToken, id: "sign",
                        H.select(
                            "Outcome", name: "outcome",
                            options: SignedDetermination.Outcome.allCases.map { ($0.rawValue, $0.rawValue) },
                            selected: supported.rawValue),
                        H.field("Signed by (full name)", name: "signed_by"),
                        H.button("Sign the determination")),
                ])
        return .element(
            "ol", ["class": "steps", "id": "workflow"],
            [
                step(true, "Discovery", "\(fields.discoveredOn) by \(fields.discovererName)"),
                step(fields.exception != nil, "Exceptions (164.402(1))", exception),
                step(fields.safeHarbor != nil, "Safe harbor", harbor),
                step(fields.assessment != nil, "Four-factor risk assessment (164.402(2))", assessment),
                signing,
            ])
    }

    private func noticeTable(_ breachCase: BreachCase, today: CalendarDate, session: ConsoleSession) -> HTML {
        let statuses = breachCase.noticeStatuses(on: today)
        guard !statuses.isEmpty else { return H.p("The case owes no notices.") }
        let head = HTML.element(
            "thead", [:],
            [.element("tr", [:], ["Notice", "Due", "Rule", "Status", ""].map { .element("th", [:], [.text($0)]) })])
        let rows: [HTML] = statuses.map { status in
            let form: HTML =
                status.sent == nil
                ? H.form(
                    action: "/breaches/\(breachCase.id)/notices", csrf: session.csrfToken,
                    id: "record-\(status.key.replacingOccurrences(of: ":", with: "-"))",
                    .element("input", ["type": "hidden", "name": "notice", "value": status.key]),
                    H.field("Sent on", name: "sent_on", type: "date", value: today.description),
                    H.select(
                        "Method", name: "method", options: NoticeMethod.allCases.map { ($0.rawValue, $0.rawValue) },
                        selected: nil),
                    H.button("Record as sent"))
                : .empty
            let cells: [HTML] = [
                .text(status.key), .text(status.notification.due?.description ?? "pending"),
                .text(status.notification.rule), .text(Self.state(of: status, today: today)), form,
            ]
            return .element(
                "tr", ["class": status.isOverdue ? "overdue" : nil, "id": "notice-\(status.key)"],
                cells.map { .element("td", [:], [$0]) })
        }
        return .element("table", ["id": "notices"], [head, .element("tbody", [:], rows)])
    }

    // MARK: Changes

    private func sign(_ request: HTTPRequest, session: ConsoleSession) throws -> HTTPResponse {
        let current = try breachCase(request)
        let form = FormData(request.body)
        guard let outcome = SignedDetermination.Outcome(rawValue: form["outcome"] ?? "") else {
            return try casePage(current, session: session, message: H.flash("error", "Choose an outcome."), status: 422)
        }
        let signer = (form["signed_by"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(signer.count) else {
            return try casePage(
                current, session: session, message: H.flash("error", "Name the person who signs."), status: 422)
        }
        let now = context.clock.now()
        do {
            let next = try current.signed(outcome, by: signer, statement: nil, actor: session.user.id, at: now)
            try context.breachCases.update(next, at: now)
            try record(.breachDetermine, next, session: session, request: request)
        } catch let refused as ChangeRefused {
            return try casePage(
                current, session: session, message: H.flash("error", "Not signed: \(refused.detail)."), status: 409)
        }
        return .redirect(to: "/breaches/\(current.id)")
    }

    private func recordNotice(_ request: HTTPRequest, session: ConsoleSession) throws -> HTTPResponse {
        let current = try breachCase(request)
        let form = FormData(request.body)
        guard let sentOn = CalendarDate(iso: form["sent_on"] ?? ""),
            let method = NoticeMethod(rawValue: form["method"] ?? "")
        else {
            return try casePage(
                current, session: session, message: H.flash("error", "Give the date sent and the method."), status: 422)
        }
        let now = context.clock.now()
        do {
            let next = try current.recordingNotice(
                form["notice"] ?? "", sentOn: sentOn, method: method, by: session.user.id, at: now,
                today: ComplianceRouting.today(context))
            try context.breachCases.update(next, at: now)
            try record(.breachNotice, next, session: session, request: request)
        } catch let refused as ChangeRefused {
            return try casePage(
                current, session: session, message: H.flash("error", "Not recorded: \(refused.detail)."), status: 409)
        }
        return .redirect(to: "/breaches/\(current.id)")
    }

    private func record(
        _ action: AuditAction, _ breachCase: BreachCase, session: ConsoleSession, request: HTTPRequest
    ) throws {
        try context.recordAdministrative(
            action, eventClass: .administration, actor: session.user.id, role: session.user.role.rawValue,
            resource: .init(type: "breach_case", id: breachCase.id), request: request,
            details: ["change": breachCase.timeline.last?.what ?? ""])
    }

    private func breachCase(_ request: HTTPRequest) throws -> BreachCase {
        guard let found = try context.breachCases.breachCase(request.pathParameters["id"] ?? "") else {
            throw Problem.notFound("No breach case with this id.")
        }
        return found
    }

    // MARK: Home widget

    /// The next open breach deadline and how many are overdue, for the home page.
    static func widget(_ context: ServerContext) throws -> HTML {
        let today = ComplianceRouting.today(context)
        let open = try context.breachCases.list().flatMap { breachCase in
            breachCase.noticeStatuses(on: today).filter { $0.sent == nil }.map { (breachCase, $0) }
        }
        let overdue = open.filter(\.1.isOverdue).count
        let next = open.filter { $0.1.notification.due != nil && !$0.1.isOverdue }.min {
            ($0.1.notification.due?.daysSinceEpoch ?? 0) < ($1.1.notification.due?.daysSinceEpoch ?? 0)
        }
        var parts: [HTML] = [.element("h2", [:], ["Next breach deadline"])]
        if let (breachCase, status) = next {
            parts.append(
                H.p(
                    .element("strong", ["id": "next-deadline"], [.text(status.notification.due?.description ?? "")]),
                    .text(": \(status.key) for "), H.a("/breaches/\(breachCase.id)", breachCase.id),
                    .text(" (\(state(of: status, today: today)))")))
        } else {
            parts.append(H.p("No upcoming breach deadlines."))
        }
        if overdue > 0 {
            parts.append(
                H.p(
                    class: "bad",
                    .element("a", ["href": "/breaches", "id": "overdue-count"], [.text("\(overdue) overdue")])))
        }
        return .element("div", ["class": "card", "id": "breach-widget"], parts)
    }
}
