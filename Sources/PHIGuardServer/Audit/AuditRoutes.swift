import Foundation
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardIdentity
import PHIGuardLedger

/// Audit intake from the EHR, search, and the patient access report.
struct AuditRoutes {
    static let maxBatch = 1000

    let context: ServerContext

    func register(on router: Router) {
        router.post(
            "/api/v1/audit/events", summary: "Record audit events (one, or a batch of up to 1,000)", tag: "audit"
        ) {
            try record($0)
        }
        router.get("/api/v1/audit/events", summary: "Search audit events", tag: "audit") { try search($0) }
        router.get(
            "/api/v1/audit/patients/{patient}/accesses", summary: "Who accessed this patient's PHI (JSON or CSV)",
            tag: "audit"
        ) { try accessReport($0) }
    }

    /// The body of a batch.
    private struct Batch: Decodable {
        let events: [LenientEventInput]
    }

    /// Just enough to tell a batch from a single event.
    private struct Shape: Decodable {
        let events: IgnoredValue?
    }

    private struct IgnoredValue: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    private func record(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try context.authenticate(request, scope: .auditWrite)
        let received = try AuditTime(Date())
        let shape = try request.decode(Shape.self)
        let inputs: [(prefix: String, result: Result<AuditEventInput, DecodingErrorDescription>)]
        if shape.events != nil {
            let batch = try request.decode(Batch.self)
            guard (1...Self.maxBatch).contains(batch.events.count) else {
                throw Problem.unprocessable(
                    "A batch holds 1 to \(Self.maxBatch) events.",
                    errors: [Problem.FieldError(pointer: "/events", detail: "must hold 1 to \(Self.maxBatch) events")])
            }
            inputs = batch.events.enumerated().map { ("/events/\($0.offset)", $0.element.result) }
        } else {
            inputs = [("", try request.decode(LenientEventInput.self).result)]
        }
        var typeErrors: [Problem.FieldError] = []
        var valueErrors: [Problem.FieldError] = []
        var events: [AuditEvent] = []
        for input in inputs {
            switch input.result {
            case .failure(let error):
                typeErrors.append(Problem.FieldError(pointer: input.prefix + error.pointer, detail: error.detail))
            case .success(let event):
                switch event.event(receivedAt: received, prefix: input.prefix) {
                case .success(let event): events.append(event)
                case .failure(let failure): valueErrors += failure.errors
                }
            }
        }
        guard typeErrors.isEmpty else {
            throw Problem.badRequest(
                "Some events are not of the expected shape; none was recorded.", errors: typeErrors)
        }
        guard valueErrors.isEmpty else {
            throw Problem.unprocessable("Some events are not valid; none was recorded.", errors: valueErrors)
        }
        let receipts = try context.recordInLedger(events)
        return try .json(RecordAnswer(receipts: receipts, treeSize: context.ledger.size), status: 201)
    }

    private struct RecordAnswer: Encodable {
        let receipts: [LedgerReceipt]
        let treeSize: Int

        enum CodingKeys: String, CodingKey {
            case receipts
            case treeSize = "tree_size"
        }
    }

    private func search(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try context.authenticate(request, scope: .auditRead)
        let query = try Self.query(from: request)
        let page = try context.ledger.search(query)
        let cursor = page.nextCursor.map { ",\"next_cursor\":\($0)" } ?? ""
        var response = HTTPResponse(body: AuditJSON.list("events", page.entries, extra: cursor))
        response.headers.set("Content-Type", "application/json")
        return response
    }

    /// Reads search parameters, refusing malformed ones with the parameter named.
    static func query(from request: HTTPRequest) throws -> AuditQuery {
        var errors: [Problem.FieldError] = []
        func integer(_ name: String, _ range: ClosedRange<Int>) -> Int? {
            guard let text = request.query[name] else { return nil }
            guard let value = Int(text), range.contains(value) else {
                errors.append(
                    .init(pointer: name, detail: "must be an integer from \(range.lowerBound) to \(range.upperBound)"))
                return nil
            }
            return value
        }
        func time(_ name: String) -> Date? {
            guard let text = request.query[name] else { return nil }
            guard let date = ISO8601.parse(text) else {
                errors.append(.init(pointer: name, detail: "must be an RFC 3339 date-time"))
                return nil
            }
            return date
        }
        let outcome = request.query["outcome"]
        if let outcome, !["success", "failure"].contains(outcome) {
            errors.append(.init(pointer: "outcome", detail: "must be success or failure"))
        }
        let query = AuditQuery(
            userID: request.query["user"], patientID: request.query["patient"],
            action: request.query["action"].map(AuditAction.init(rawValue:)), category: request.query["category"],
            outcome: outcome, from: time("from"), to: time("to"), cursor: integer("cursor", 0...Int.max),
            limit: integer("limit", 1...1000) ?? 100)
        guard errors.isEmpty else { throw Problem.badRequest("Some query parameters are not valid.", errors: errors) }
        return query
    }

    /// "Who looked at my record": every recorded access to one patient's PHI, newest first.
    private func accessReport(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try context.authenticate(request, scope: .auditRead)
        let patient = request.pathParameters["patient"] ?? ""
        let rows = try PatientAccessReport.rows(ledger: context.ledger, patientID: patient, limit: 10_000)
        switch request.query["format"] ?? "json" {
        case "csv":
            var response = HTTPResponse.text(PatientAccessReport.csv(rows), contentType: "text/csv; charset=utf-8")
            response.headers.set("Content-Disposition", "attachment; filename=\"patient-access-report.csv\"")
            return response
        case "json":
            return try .json(["patient_id": .string(patient), "accesses": .rows(rows)] as [String: ReportValue])
        default:
            throw Problem.badRequest(
                "format must be json or csv.", errors: [.init(pointer: "format", detail: "json or csv")])
        }
    }
}
