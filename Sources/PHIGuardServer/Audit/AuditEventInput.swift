import Foundation
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardLedger

/// The native JSON audit event an EHR sends to `POST /api/v1/audit/events`: the canonical event's members
/// (see `Sources/PHIGuardLedger/README.md`) without `schema_version` and `received_time`, which PHIGuard sets.
struct AuditEventInput: Decodable {
    struct Actor: Decodable {
        let userID: String
        let role: String?
        let onBehalfOf: String?

        enum CodingKeys: String, CodingKey {
            case userID = "user_id"
            case role
            case onBehalfOf = "on_behalf_of"
        }
    }

    struct Resource: Decodable {
        let type: String
        let id: String
    }

    struct Outcome: Decodable {
        let result: String
        let reason: String?
    }

    struct BreakTheGlass: Decodable {
        let justification: String
    }

    let id: String?
    let eventClass: String?
    let action: String
    let actor: Actor
    let patientID: String?
    let phiCategory: String?
    let resource: Resource?
    let outcome: Outcome?
    let purposeOfUse: String?
    let breakTheGlass: BreakTheGlass?
    let sourceAddress: String?
    let deviceID: String?
    let facility: String?
    let sourceTime: String?
    let details: [String: String]?

    enum CodingKeys: String, CodingKey {
        case id, action, actor, resource, outcome, facility, details
        case eventClass = "event_class"
        case patientID = "patient_id"
        case phiCategory = "phi_category"
        case purposeOfUse = "purpose_of_use"
        case breakTheGlass = "break_the_glass"
        case sourceAddress = "source_address"
        case deviceID = "device_id"
        case sourceTime = "source_time"
    }

    /// Actions an EHR may report.
    static let actions: Set<String> = [
        "view", "create", "update", "delete", "export", "print", "query", "signin.success", "signin.failure",
        "mfa.challenge", "account.lock", "privilege.change", "config.change",
    ]

    static let classes: Set<String> = ["phi.access", "authentication", "account.management", "administration"]

    static let purposes: Set<String> = [
        "TREAT", "ETREAT", "BTG", "HPAYMT", "HOPERAT", "HRESCH", "PUBHLTH", "HSYSADMIN", "PATRQT", "HLEGAL",
    ]

    /// Checks the values and builds the canonical event, or lists what is wrong as JSON-pointer field errors
    /// under `prefix` (for example `/events/3`).
    func event(receivedAt received: AuditTime, prefix: String) -> Result<AuditEvent, FieldErrors> {
        var errors: [Problem.FieldError] = []
        func check(_ condition: Bool, _ field: String, _ detail: String) {
            if !condition { errors.append(Problem.FieldError(pointer: prefix + field, detail: detail)) }
        }
        func bounded(_ text: String?, _ field: String, maximum: Int = 256) {
            guard let text else { return }
            check(!text.isEmpty && text.count <= maximum, field, "must be 1 to \(maximum) characters")
        }
        check(Self.actions.contains(action), "/action", "unknown action")
        check(eventClass.map(Self.classes.contains) ?? true, "/event_class", "unknown event class")
        check(
            purposeOfUse.map(Self.purposes.contains) ?? true, "/purpose_of_use",
            "not a v3-ActReason code PHIGuard knows")
        check(
            outcome.map { ["success", "failure"].contains($0.result) } ?? true, "/outcome/result",
            "must be success or failure")
        check(
            outcome?.result != "failure" || !(outcome?.reason ?? "").isEmpty, "/outcome/reason",
            "a failure needs a reason")
        check(
            breakTheGlass.map { !$0.justification.isEmpty } ?? true, "/break_the_glass/justification",
            "must not be empty")
        check((details?.count ?? 0) <= 32, "/details", "at most 32 entries")
        bounded(id, "/id", maximum: 128)
        bounded(actor.userID, "/actor/user_id")
        bounded(actor.role, "/actor/role")
        bounded(patientID, "/patient_id")
        bounded(phiCategory, "/phi_category", maximum: 64)
        bounded(sourceAddress, "/source_address", maximum: 64)
        bounded(deviceID, "/device_id")
        bounded(facility, "/facility")
        bounded(breakTheGlass?.justification, "/break_the_glass/justification", maximum: 2000)
        let sourceTime = self.sourceTime.flatMap { try? AuditTime(text: $0) }
        check(self.sourceTime == nil || sourceTime != nil, "/source_time", "must be an RFC 3339 date-time")
        guard errors.isEmpty else { return .failure(FieldErrors(errors: errors)) }
        do {
            return .success(
                try AuditEvent(
                    id: id ?? Identifier.random(),
                    eventClass: AuditEventClass(rawValue: eventClass ?? "phi.access"),
                    action: AuditAction(rawValue: action),
                    actor: AuditEvent.Actor(userID: actor.userID, role: actor.role, onBehalfOf: actor.onBehalfOf),
                    patientID: patientID, phiCategory: phiCategory,
                    resource: resource.map { AuditEvent.Resource(type: $0.type, id: $0.id) },
                    outcome: AuditEvent.Outcome(succeeded: outcome?.result != "failure", reason: outcome?.reason),
                    purposeOfUse: purposeOfUse.map(PurposeOfUse.init(rawValue:)),
                    breakTheGlassJustification: breakTheGlass?.justification,
                    sourceAddress: sourceAddress, deviceID: deviceID, facility: facility, sourceTime: sourceTime,
                    receivedTime: received, details: details ?? [:]))
        } catch let error as PHIGuardError {
            return .failure(FieldErrors(errors: [Problem.FieldError(pointer: prefix, detail: error.reason)]))
        } catch {
            return .failure(FieldErrors(errors: [Problem.FieldError(pointer: prefix, detail: "not a valid event")]))
        }
    }
}

/// One element of a batch, decoded without stopping the batch at the first bad element, so every bad event
/// can be named.
struct LenientEventInput: Decodable {
    let result: Result<AuditEventInput, DecodingErrorDescription>

    init(from decoder: any Decoder) throws {
        do {
            result = .success(try AuditEventInput(from: decoder))
        } catch let error as DecodingError {
            result = .failure(DecodingErrorDescription(error))
        }
    }
}

/// A decoding error as a JSON pointer relative to the element and a safe detail (never the value).
struct DecodingErrorDescription: Error {
    let pointer: String
    let detail: String

    init(_ error: DecodingError) {
        func pointer(_ path: [any CodingKey]) -> String {
            path.map { "/" + ($0.intValue.map(String.init) ?? $0.stringValue) }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.pointer = pointer(context.codingPath + [key])
            detail = "is required"
        case .typeMismatch(let type, let context):
            self.pointer = pointer(context.codingPath)
            detail = "must be \(Self.name(of: type))"
        case .valueNotFound(let type, let context):
            self.pointer = pointer(context.codingPath)
            detail = "must be \(Self.name(of: type)), not null"
        case .dataCorrupted(let context):
            self.pointer = pointer(context.codingPath)
            detail = "is not valid"
        @unknown default:
            self.pointer = ""
            detail = "is not valid"
        }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Bool.Type: "a boolean"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}

/// Field errors as an `Error`, so they can travel in a `Result`.
struct FieldErrors: Error {
    let errors: [Problem.FieldError]
}
