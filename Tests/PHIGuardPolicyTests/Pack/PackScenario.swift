import Foundation
import PHIGuardPolicy
import Testing

/// One request against the HIPAA policy pack: an ordinary weekday request on the internal network from a
/// managed, compliant device with fresh MFA, plus whatever the scenario changes.
///
/// The principal is `User::"alice"` with the scenario's roles; the record `Record::"r1"` belongs to
/// `Patient::"p1"`, whose care team always holds `User::"dana"`, a behavioral health clinician who authors
/// the record unless `authoredByPrincipal` is set.
struct PackScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var expected: Decision
    var roles: [String]
    var action = "view"
    var category = "general"
    var purpose = "TREAT"

    var employmentStatus = "active"
    var principalFacility = "main"
    var isSelfPatient = false

    var restricted: [String] = []
    var onCareTeam = false
    var patientFacility = "main"
    var deceased = false

    var authoredByPrincipal = false
    var part2Consent = false

    var network = "internal"
    var devicePosture = "managed_compliant"
    var hour = 10
    var mfaAgeMinutes = 5
    var remoteMfaMaxMinutes = 60
    var btgJustification: String?
    var btgMfaMaxMinutes: Int?

    /// The determining policy ids, when the scenario pins them.
    var reasons: [String]?
    /// The obligations the determining policies carry.
    var obligations: [String] = []

    var testDescription: String { name }

    /// A scenario the pack allows.
    static func allow(
        _ name: String,
        _ roles: String...,
        reasons: [String]? = nil,
        obligations: [String] = [],
        _ edit: (inout PackScenario) -> Void = { _ in }
    ) -> PackScenario {
        var scenario = PackScenario(name: name, expected: .allow, roles: roles, reasons: reasons)
        scenario.obligations = obligations
        edit(&scenario)
        return scenario
    }

    /// A scenario the pack denies; `reasons: []` pins a default deny.
    static func deny(
        _ name: String,
        _ roles: String...,
        reasons: [String]? = nil,
        obligations: [String] = [],
        _ edit: (inout PackScenario) -> Void = { _ in }
    ) -> PackScenario {
        var scenario = PackScenario(name: name, expected: .deny, roles: roles, reasons: reasons)
        scenario.obligations = obligations
        edit(&scenario)
        return scenario
    }

    /// Sets up a break-the-glass request with a justification.
    mutating func breakGlass(_ justification: String? = "Unresponsive patient in the emergency department") {
        purpose = "BTG"
        btgJustification = justification
    }
}

extension PackScenario {
    /// The request this scenario makes.
    func request(schema: Schema) throws -> Request {
        let action = EntityUID("PHIGuard::Action", action)
        let context = try Request.context(json: try json(contextObject), action: action, schema: schema)
        return Request(
            principal: EntityUID("PHIGuard::User", "alice"), action: action,
            resource: EntityUID("PHIGuard::Record", "r1"), context: context)
    }

    /// The entities this scenario needs.
    func entities(schema: Schema) throws -> Entities {
        try Entities(json: try json([principalEntity, authorEntity, patientEntity, recordEntity]), schema: schema)
    }

    private var contextObject: [String: Any] {
        var context: [String: Any] = [
            "network": network, "devicePosture": devicePosture, "hour": hour, "mfaAgeMinutes": mfaAgeMinutes,
            "purposeOfUse": purpose, "remoteMfaMaxMinutes": remoteMfaMaxMinutes,
        ]
        context["btgJustification"] = btgJustification
        context["btgMfaMaxMinutes"] = btgMfaMaxMinutes
        return context
    }

    private var principalEntity: [String: Any] {
        var attributes: [String: Any] = [
            "department": "medicine", "facility": Self.uid("Facility", principalFacility),
            "employmentStatus": employmentStatus,
        ]
        if isSelfPatient { attributes["selfPatient"] = Self.uid("Patient", "p1") }
        return ["uid": Self.uid("User", "alice"), "attrs": attributes, "parents": roles.map { Self.uid("Role", $0) }]
    }

    private var authorEntity: [String: Any] {
        let attributes: [String: Any] = [
            "department": "behavioral_health", "facility": Self.uid("Facility", "main"), "employmentStatus": "active",
        ]
        return ["uid": Self.uid("User", "dana"), "attrs": attributes, "parents": [Self.uid("Role", "bh_clinician")]]
    }

    private var patientEntity: [String: Any] {
        let careTeam = (onCareTeam ? ["alice", "dana"] : ["dana"]).map { Self.uid("User", $0) }
        let attributes: [String: Any] = [
            "restricted": restricted, "careTeam": careTeam, "facility": Self.uid("Facility", patientFacility),
            "deceased": deceased,
        ]
        return ["uid": Self.uid("Patient", "p1"), "attrs": attributes]
    }

    private var recordEntity: [String: Any] {
        let attributes: [String: Any] = [
            "patient": Self.uid("Patient", "p1"), "category": category,
            "author": Self.uid("User", authoredByPrincipal ? "alice" : "dana"), "part2Consent": part2Consent,
        ]
        return ["uid": Self.uid("Record", "r1"), "attrs": attributes]
    }

    private static func uid(_ type: String, _ id: String) -> [String: String] {
        ["type": "PHIGuard::\(type)", "id": id]
    }

    private func json(_ object: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
