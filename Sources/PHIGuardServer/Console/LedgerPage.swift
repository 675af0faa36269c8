import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardHTTP
import PHIGuardLedger
import Synchronization

/// The console's ledger page: checkpoint, verification, search, the patient access report, forwarders.
struct LedgerPage {
    let context: ServerContext
    let forwarders: [Forwarder]
    /// The last verification run from the console, kept for the page (not persisted).
    private static let lastVerification = Mutex<(at: Date, report: LedgerVerificationReport)?>(nil)

    func register(on router: Router) {
        let gate = ConsoleRoutes(context: context)
        router.get("/ledger", summary: "Ledger page", tag: "console", isAPI: false) { request in
            try gate.signedIn(request) { try page(request, session: $0) }
        }
        router.post("/ledger/verify", summary: "Verify the ledger now", tag: "console", isAPI: false) { request in
            try gate.signedIn(request) { _ in
                let report = try LedgerVerifier.verify(
                    store: context.store, keyring: context.instance.keyring, verifier: context.ledger.verifier)
                Self.lastVerification.withLock { $0 = (Date(), report) }
                if !report.isIntact {
                    context.logger.critical(
                        "console verification found the ledger altered",
                        ["ledger.first_bad": .int(report.firstBadIndex ?? -1)])
                }
                return .redirect(to: "/ledger")
            }
        }
        router.post("/ledger/checkpoint", summary: "Sign a checkpoint now", tag: "console", isAPI: false) { request in
            try gate.signedIn(request) { _ in
                _ = try context.publishCheckpoint()
                return .redirect(to: "/ledger")
            }
        }
        router.get(
            "/ledger/patients/{patient}/accesses.csv", summary: "Patient access report as CSV", tag: "console",
            isAPI: false
        ) { request in
            try gate.signedIn(request) { _ in
                let rows = try PatientAccessReport.rows(
                    ledger: context.ledger, patientID: request.pathParameters["patient"] ?? "", limit: 10_000)
                var response = HTTPResponse.text(PatientAccessReport.csv(rows), contentType: "text/csv; charset=utf-8")
                response.headers.set("Content-Disposition", "attachment; filename=\"patient-access-report.csv\"")
                return response
            }
        }
    }

    private func page(_ request: HTTPRequest, session: ConsoleSession) throws -> HTTPResponse {
        let health = context.health()
        var sections: [HTML] = [
            H.dl([
                ("Entries", .element("span", ["id": "ledger-size"], [.text(String(context.ledger.size))])),
                ("Writable", .text(health.ledgerWritable ? "yes" : "NO: appends are refused until storage recovers")),
                ("Origin", .text(context.ledger.configuration.origin)),
                ("Verifier key", .element("code", ["id": "verifier-key"], [.text(context.ledger.verifierKey)])),
                ("Latest checkpoint", try checkpointSummary()),
                ("Last verification", verificationSummary()),
            ]),
            .element(
                "div", ["class": "actions"],
                [
                    H.form(action: "/ledger/checkpoint", csrf: session.csrfToken, H.button("Sign a checkpoint now")),
                    H.form(
                        action: "/ledger/verify", csrf: session.csrfToken, id: "verify", H.button("Verify the ledger")),
                ]),
            H.h2("Search"),
            searchForm(request),
        ]
        if request.query.keys.contains(where: { ["user", "patient", "action", "category", "outcome"].contains($0) }) {
            sections.append(try results(request))
        }
        sections.append(H.h2("Patient access report"))
        sections.append(try accessReport(request))
        sections.append(H.h2("SIEM forwarders"))
        sections.append(try forwarderTable())
        return .html(Layout.page(title: "Audit ledger", current: "/ledger", session: session, .group(sections)))
    }

    private func checkpointSummary() throws -> HTML {
        guard let note = try context.ledger.latestSignedCheckpoint(),
            let checkpoint = try? Checkpoint(text: SignedNote(parsing: note).text)
        else { return "none yet" }
        return .element(
            "span", ["id": "checkpoint"], [.text("size \(checkpoint.size), root \(checkpoint.rootHash.base64)")])
    }

    private func verificationSummary() -> HTML {
        guard let last = Self.lastVerification.withLock({ $0 }) else { return "not run since this server started" }
        let report = last.report
        let verdict: HTML =
            report.isIntact
            ? .element("span", ["class": "ok", "id": "verification"], [.text("intact")])
            : .element(
                "span", ["class": "bad", "id": "verification"],
                [.text("ALTERED: first bad index \(report.firstBadIndex.map(String.init) ?? "?")")])
        return .group([
            verdict,
            .text(
                " — \(report.entries) entries, \(report.checkpoints) checkpoints, at \(ISO8601.format(last.at)) "
                    + "(\(String(format: "%.2f", report.seconds)) s)"),
        ])
    }

    private func searchForm(_ request: HTTPRequest) -> HTML {
        func field(_ label: String, _ name: String) -> HTML {
            .element(
                "label", [:],
                [
                    .element("span", [:], [.text(label)]),
                    .element(
                        "input", ["type": "text", "name": name, "id": "search-\(name)", "value": request.query[name]]),
                ])
        }
        return .element(
            "form", ["method": "get", "action": "/ledger", "id": "search"],
            [
                field("User id", "user"), field("Patient id", "patient"), field("Action (view, export, ...)", "action"),
                field("PHI category", "category"), field("Outcome (success or failure)", "outcome"),
                H.button("Search"),
            ])
    }

    private func results(_ request: HTTPRequest) throws -> HTML {
        var query = AuditQuery(limit: 50)
        func value(_ name: String) -> String? { request.query[name].flatMap { $0.isEmpty ? nil : $0 } }
        query.userID = value("user")
        query.patientID = value("patient")
        query.action = value("action").map(AuditAction.init(rawValue:))
        query.category = value("category")
        query.outcome = value("outcome")
        let page = try context.ledger.search(query)
        let rows: [[HTML]] = page.entries.compactMap { entry in
            guard let event = entry.event else { return nil }
            return [
                .text(String(entry.index)), .text((event.sourceTime ?? event.receivedTime).text),
                .text(event.actor.userID), .text(event.action.rawValue), .text(event.patientID ?? ""),
                .text(event.phiCategory ?? ""), .text(event.outcome.succeeded ? "success" : "failure"),
                .text(event.isBreakTheGlass ? "yes" : ""),
            ]
        }
        return .element(
            "div", ["id": "search-results"],
            [
                H.p(.text("\(rows.count) most recent matching entries.")),
                H.table(
                    headers: ["Index", "Time", "User", "Action", "Patient", "Category", "Outcome", "Break the glass"],
                    rows: rows),
            ])
    }

    private func accessReport(_ request: HTTPRequest) throws -> HTML {
        let form = HTML.element(
            "form", ["method": "get", "action": "/ledger", "id": "access-report"],
            [
                .element(
                    "label", [:],
                    [
                        .element("span", [:], ["Patient id"]),
                        .element(
                            "input",
                            [
                                "type": "text", "name": "report_patient", "id": "report-patient",
                                "value": request.query["report_patient"],
                            ]),
                    ]),
                H.button("Show who accessed this record"),
            ])
        guard let patient = request.query["report_patient"], !patient.isEmpty else { return form }
        let rows = try PatientAccessReport.rows(ledger: context.ledger, patientID: patient, limit: 500)
        let csvPath =
            "/ledger/patients/\(patient.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "")/accesses.csv"
        return .group([
            form,
            .element(
                "div", ["id": "access-report-results"],
                [
                    H.p(.text("\(rows.count) recorded accesses. "), H.a(csvPath, "Download as CSV")),
                    H.table(
                        headers: [
                            "Time", "User", "Role", "Action", "Category", "Purpose", "Outcome", "Break the glass",
                        ],
                        rows: rows.map { row in
                            [
                                .text(row.time), .text(row.userID), .text(row.role ?? ""), .text(row.action),
                                .text(row.category ?? ""), .text(row.purposeOfUse ?? ""), .text(row.outcome),
                                .text(row.breakTheGlass ? "yes" : ""),
                            ]
                        }),
                ]),
        ])
    }

    private func forwarderTable() throws -> HTML {
        guard !forwarders.isEmpty else {
            return H.p(
                .text("No forwarder is configured (settings forward.ocsf_file, forward.fhir_file, forward.syslog)."))
        }
        let rows: [[HTML]] = try forwarders.map { forwarder in
            let status = try forwarder.status()
            return [
                .text(status.name), .text(status.kind), .text(String(status.cursor)), .text(String(status.lag)),
                .text(status.lastError ?? "none"), .text(status.updatedAt?.text ?? "never"),
            ]
        }
        return H.table(headers: ["Name", "Kind", "Next index", "Lag", "Last error", "Updated"], rows: rows)
    }
}
