import Foundation
import PHIGuardAccess
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardLedger
import PHIGuardPolicy

/// The decision API the EHR calls: one request or a batch of up to 1,000, each decided with the active
/// policy version and recorded in the ledger before the answer leaves.
struct AuthorizeRoutes {
    static let maxBatch = 1000

    let context: ServerContext

    func register(on router: Router) {
        router.post(
            "/api/v1/authorize", summary: "Decide one access request with the active policies", tag: "access"
        ) { request in
            let answers = try decide(request, batch: false)
            var writer = JSONWriter()
            answers[0].write(to: &writer)
            return .json(encoded: writer.bytes)
        }
        router.post(
            "/api/v1/authorize/batch", summary: "Decide up to 1,000 access requests in one call", tag: "access"
        ) { request in
            let answers = try decide(request, batch: true)
            return .json(encoded: DecisionAnswer.batch(answers, treeSize: context.ledger.size))
        }
    }

    private func decide(_ request: HTTPRequest, batch: Bool) throws -> [DecisionAnswer] {
        let caller = try context.authenticate(request, scope: .authorize)
        let items = try Self.items(request, batch: batch)
        var problems: [Problem.FieldError] = []
        var asks: [AccessRequest] = []
        for (pointer, object) in items {
            do {
                asks.append(try AccessRequest(json: object, pointer: pointer))
            } catch {
                problems += error.problems
            }
        }
        guard problems.isEmpty else {
            throw Problem.unprocessable("Some requests are not valid; nothing was decided.", errors: problems)
        }
        let policies: CompiledPolicies
        do {
            policies = try context.policies.current()
        } catch let error as PHIGuardError where error.code == .noActivePolicy {
            throw Problem.unavailable("No policy version is active, so no access can be decided.")
        }
        var decisions: [AccessDecision] = []
        for (index, ask) in asks.enumerated() {
            do {
                decisions.append(try context.decider.decide(ask, with: policies, pointer: items[index].pointer))
            } catch let error as AccessRequestError {
                problems += error.problems
            }
        }
        guard problems.isEmpty else {
            throw Problem.unprocessable(
                "Some requests do not fit the policy schema; nothing was decided.", errors: problems)
        }
        let received = try AuditTime(Date())
        let ids = decisions.map { _ in Identifier.random() }
        let events = try zip(ids, decisions).map { id, decision in
            try Self.event(id: id, decision, client: caller.id, request: request, received: received)
        }
        let receipts = try context.recordInLedger(events)
        context.decisionLog.record(zip(ids, zip(decisions, receipts)).map { ($0, $1.0, $1.1.index) }, at: Date())
        for (outcome, count) in Dictionary(grouping: decisions, by: \.decision.rawValue).mapValues(\.count) {
            context.metrics.counter(
                "phiguard_access_decisions_total", help: "Access decisions by outcome", labels: ["decision": outcome]
            ).increment(by: UInt64(count))
        }
        return zip(decisions, receipts).map { DecisionAnswer($0, receipt: $1) }
    }

    /// The request objects of a body with their JSON pointers.
    private static func items(_ request: HTTPRequest, batch: Bool) throws -> [(pointer: String, object: JSONValue)] {
        guard let body = try? JSONValue.parse(request.body) else {
            throw Problem.badRequest("The body is not JSON.")
        }
        guard batch else { return [("", body)] }
        guard case .array(let list)? = body.object?["requests"] else {
            throw Problem.unprocessable(
                "A batch is an object with a requests array.",
                errors: [.init(pointer: "/requests", detail: "is required and must be an array")])
        }
        guard (1...maxBatch).contains(list.count) else {
            throw Problem.unprocessable(
                "A batch holds 1 to \(maxBatch) requests.",
                errors: [.init(pointer: "/requests", detail: "must hold 1 to \(maxBatch) requests")])
        }
        return list.enumerated().map { ("/requests/\($0.offset)", $0.element) }
    }

    /// The ledger entry of one decision.
    private static func event(
        id: String, _ decision: AccessDecision, client: String, request: HTTPRequest, received: AuditTime
    ) throws -> AuditEvent {
        let context = decision.request.context
        let purpose = context["purposeOfUse"]?.string.map(PurposeOfUse.init(rawValue:))
        let justification = purpose == .breakTheGlass ? context["btgJustification"]?.string : nil
        var details = [
            "decision": decision.decision.rawValue, "policy_version": String(decision.policyVersion),
            "policies": decision.policies.joined(separator: " "), "client": "token:\(client)",
            "request_id": request.requestID,
        ]
        if !decision.obligations.isEmpty { details["obligations"] = decision.obligations.joined(separator: " ") }
        if !decision.errors.isEmpty { details["policy_errors"] = decision.errors.keys.sorted().joined(separator: " ") }
        return try AuditEvent(
            id: id, eventClass: .accessDecision, action: AuditAction(rawValue: decision.request.action),
            actor: .init(userID: decision.request.user), patientID: decision.patientID, phiCategory: decision.category,
            resource: decision.request.record.map { .init(type: "record", id: $0) },
            outcome: decision.decision == .allow ? .success : .failure("denied by policy"), purposeOfUse: purpose,
            breakTheGlassJustification: justification?.isEmpty == false ? justification : nil,
            sourceAddress: request.remoteAddress, deviceID: decision.request.device, receivedTime: received,
            details: details)
    }
}

/// One decision as the API answers it, written member by member in sorted order (as `JSON.encode` would; a
/// batch of 1,000 answers is written on every call, so it skips the encoder).
struct DecisionAnswer {
    let decision: String
    let policies: [String]
    let reasons: [String]
    let obligations: [String]
    /// Policy id and message, sorted by id.
    let errors: [(policy: String, message: String)]
    let policyVersion: Int
    let receipt: LedgerReceipt

    /// `{"audit": {"event_id", "index", "leaf_hash"}, "decision", "errors": [{"message", "policy"}],
    /// "obligations", "policies", "policy_version", "reasons"}`.
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("audit")
        writer.beginObject()
        writer.key("event_id")
        writer.string(receipt.eventID)
        writer.key("index")
        writer.raw(String(receipt.index))
        writer.key("leaf_hash")
        writer.string(receipt.leafHash)
        writer.endObject()
        writer.key("decision")
        writer.string(decision)
        writer.key("errors")
        writer.beginArray()
        for error in errors {
            writer.beginObject()
            writer.key("message")
            writer.string(error.message)
            writer.key("policy")
            writer.string(error.policy)
            writer.endObject()
        }
        writer.endArray()
        for (name, list) in [("obligations", obligations), ("policies", policies)] {
            writer.key(name)
            writer.strings(list)
        }
        writer.key("policy_version")
        writer.raw(String(policyVersion))
        writer.key("reasons")
        writer.strings(reasons)
        writer.endObject()
    }

    /// `{"decisions": [...], "tree_size": n}`.
    static func batch(_ answers: [DecisionAnswer], treeSize: Int) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("decisions")
        writer.beginArray()
        for answer in answers { answer.write(to: &writer) }
        writer.endArray()
        writer.key("tree_size")
        writer.raw(String(treeSize))
        writer.endObject()
        return writer.bytes
    }
}

extension DecisionAnswer {
    init(_ decision: AccessDecision, receipt: LedgerReceipt) {
        self.init(
            decision: decision.decision.rawValue, policies: decision.policies, reasons: decision.reasons,
            obligations: decision.obligations,
            errors: decision.errors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            policyVersion: decision.policyVersion, receipt: receipt)
    }
}
