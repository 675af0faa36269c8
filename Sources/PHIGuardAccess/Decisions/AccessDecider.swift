import Foundation
import PHIGuardCore
import PHIGuardPolicy

/// A decision with everything the caller needs to act on it.
public struct AccessDecision: Sendable, Hashable {
    public var decision: Decision
    /// Ids of the determining policies.
    public var policies: [String]
    /// Their `@reason` texts, in the same order (policies without one are skipped).
    public var reasons: [String]
    /// What the caller must do: `step_up_mfa`, `watermark`, `btg_review`, ...
    public var obligations: [String]
    /// Policies that could not be evaluated, with why; never holds attribute values.
    public var errors: [String: String]
    /// The policy version that decided.
    public var policyVersion: Int
    /// The request as decided, with the context PHIGuard filled in.
    public var request: AccessRequest
    /// The patient whose PHI it is: named by the caller, or read from the record.
    public var patientID: String?
    /// The PHI category: named by the caller, or read from the record.
    public var category: String?
}

/// Site settings the decider puts into every context.
public struct AccessSettings: Sendable, Hashable {
    /// The longest MFA age, in minutes, for access from outside the internal network.
    public var remoteMfaMaxMinutes: Int
    /// The facility's time zone, for `context.hour` when the caller does not send it.
    public var timeZone: TimeZone

    public init(remoteMfaMaxMinutes: Int = 60, timeZone: TimeZone = .current) {
        self.remoteMfaMaxMinutes = remoteMfaMaxMinutes
        self.timeZone = timeZone
    }
}

/// Turns an ``AccessRequest`` into a Cedar request, fills the entities from the directory and decides.
///
/// Entity types live in the `PHIGuard` namespace of the policy pack: `User`, `Record`, `Patient`, `Device`
/// and `Action`. Context attributes the schema declares are filled in when PHIGuard knows them better than
/// the caller: `remoteMfaMaxMinutes` from settings (the caller cannot raise it), `devicePosture` and `device`
/// from the named device in the directory (unknown devices are unmanaged), and `hour` from the clock when
/// the caller leaves it out.
public struct AccessDecider: Sendable {
    public static let namespace = "PHIGuard"

    private let directory: EntityDirectory
    private let settings: AccessSettings
    private let clock: any WallClock

    public init(directory: EntityDirectory, settings: AccessSettings, clock: any WallClock = SystemWallClock()) {
        self.directory = directory
        self.settings = settings
        self.clock = clock
    }

    /// Decides one request with `policies`.
    ///
    /// - Parameter fillContext: false when replaying a recorded request whose context was already filled.
    /// - Throws: `AccessRequestError` for an action the schema does not declare or a context that does not
    ///   match it; store and crypto errors.
    public func decide(
        _ request: AccessRequest, with policies: CompiledPolicies, fillContext: Bool = true, pointer: String = ""
    ) throws -> AccessDecision {
        let schema = policies.schema
        let action = Self.uid("Action", request.action)
        guard let declared = schema.actions[action] else {
            throw AccessRequestError(problems: [
                .init(pointer: pointer + "/action", detail: "is not an action the schema declares")
            ])
        }
        var filled = request
        if fillContext {
            filled.context = try self.context(
                for: request, declared: declared.context, policies: policies, pointer: pointer)
        }
        let context: [String: Value]
        do {
            context = try Request.context(fields: filled.context, action: action, schema: schema)
        } catch {
            throw AccessRequestError(problems: [.init(pointer: pointer + "/context", detail: error.message)])
        }
        let principal = Self.uid("User", request.user)
        var roots = [principal]
        var extra: [Entity] = []
        let resource: EntityUID
        if let record = request.record {
            resource = Self.uid("Record", record)
        } else {
            let patient = Self.uid("Patient", request.patient ?? "")
            resource = Self.uid("Record", "\(patient.id)#\(request.category ?? "")")
            extra.append(
                Entity(
                    uid: resource,
                    attributes: ["patient": .entity(patient), "category": .string(request.category ?? "")]))
            roots.append(patient)
        }
        roots.append(resource)
        if let device = request.device { roots.append(Self.uid("Device", device)) }
        let entities = try directory.entities(reachableFrom: roots, policies: policies, extra: extra)
        let response = Authorizer().isAuthorized(
            Request(principal: principal, action: action, resource: resource, context: context),
            policies: policies.policies, entities: entities)
        let attributes = entities[resource]?.attributes ?? [:]
        var patientID = request.patient
        if patientID == nil, case .entity(let patient)? = attributes["patient"] { patientID = patient.id }
        var category = request.category
        if category == nil, case .string(let text)? = attributes["category"] { category = text }
        return AccessDecision(
            decision: response.decision, policies: response.reasons, reasons: policies.reasons(of: response.reasons),
            obligations: policies.obligations(of: response.reasons), errors: response.errorMessages,
            policyVersion: policies.version, request: filled, patientID: patientID, category: category)
    }

    /// The caller's context with what PHIGuard knows filled in.
    private func context(
        for request: AccessRequest, declared: [String: SchemaAttribute], policies: CompiledPolicies, pointer: String
    ) throws -> [String: JSONValue] {
        var object = request.context
        var problems: [AccessRequestError.Problem] = []
        // Sorted only to name the problems in a stable order; a good context costs no sort.
        if object.keys.contains(where: { declared[$0] == nil }) {
            for key in object.keys.sorted() where declared[key] == nil {
                problems.append(.init(pointer: "\(pointer)/context/\(key)", detail: "is not in the schema's context"))
            }
        }
        if declared["remoteMfaMaxMinutes"] != nil {
            object["remoteMfaMaxMinutes"] = .integer(Int64(settings.remoteMfaMaxMinutes))
        }
        if declared["hour"] != nil, object["hour"] == nil {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = settings.timeZone
            object["hour"] = .integer(Int64(calendar.component(.hour, from: clock.now())))
        }
        if let device = request.device {
            let uid = Self.uid("Device", device)
            let stored = try directory.entity(uid, schema: policies.schema, version: policies.version)
            let attributes = stored?.attributes ?? [:]
            if declared["devicePosture"] != nil {
                let managed = attributes["managed"] == .bool(true)
                let compliant = attributes["compliant"] == .bool(true)
                object["devicePosture"] = .string(
                    managed ? (compliant ? "managed_compliant" : "managed_noncompliant") : "unmanaged")
            }
            if declared["device"] != nil, stored != nil {
                object["device"] = .object([
                    "__entity": .object(["type": .string(uid.type.name), "id": .string(uid.id)])
                ])
            }
        } else if declared["devicePosture"] != nil, object["devicePosture"] == nil {
            object["devicePosture"] = .string("unmanaged")
        }
        if declared.contains(where: { $0.value.isRequired && object[$0.key] == nil }) {
            for (key, attribute) in declared.sorted(by: { $0.key < $1.key })
            where attribute.isRequired && object[key] == nil {
                problems.append(.init(pointer: "\(pointer)/context/\(key)", detail: "is required by the schema"))
            }
        }
        guard problems.isEmpty else { throw AccessRequestError(problems: problems) }
        return object
    }

    static func uid(_ type: String, _ id: String) -> EntityUID {
        EntityUID("\(namespace)::\(type)", id)
    }
}
