import Foundation
import PHIGuardAccess
import PHIGuardCore
import PHIGuardPolicy

/// The policy test form's fields as typed, read into an ``AccessRequest`` with a message per bad field.
///
/// Values are kept as typed so the form comes back with them after every answer.
struct PolicyTryOut {
    /// The form's fields in display order.
    enum Field: String, CaseIterable {
        case version, user, action, record, patient, category, device, purpose, network
        case mfaAge = "mfa_age"
        case hour
        case justification = "btg_justification"
    }

    private(set) var values: [Field: String]
    /// Messages for bad fields; `nil` holds one that belongs to no field.
    var errors: [Field?: String] = [:]

    /// The form as first shown: the usual action, purpose of use and network filled in.
    init(query: [String: String] = [:]) {
        values = [.action: "view", .purpose: "TREAT", .network: "internal"]
        if let version = query["version"] { values[.version] = version }
    }

    /// The form as submitted.
    init(form: FormData) {
        values = [:]
        for field in Field.allCases {
            values[field] = (form[field.rawValue] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    subscript(_ field: Field) -> String { values[field] ?? "" }

    /// The version chosen, or nil when the field is empty or not a number.
    var version: Int? { Int(self[.version]) }

    /// The request the fields describe; nil, with `errors` filled, when a field is bad.
    mutating func request() -> AccessRequest? {
        errors = [:]
        func given(_ field: Field) -> String? { self[field].isEmpty ? nil : self[field] }
        for field in [Field.user, .action, .purpose, .network] where given(field) == nil {
            errors[field] = "Required."
        }
        for field in Field.allCases where self[field].count > 256 {
            errors[field] = "At most 256 characters."
        }
        if given(.record) != nil {
            if given(.patient) != nil || given(.category) != nil {
                errors[.record] = "Give a record id, or a patient and a category, not both."
            }
        } else {
            if given(.patient) == nil { errors[.patient] = "Give a patient and a category, or a record id." }
            if given(.category) == nil { errors[.category] = "Give a category with the patient." }
        }
        let mfaAge = Int64(self[.mfaAge]).flatMap { $0 >= 0 ? $0 : nil }
        if mfaAge == nil { errors[.mfaAge] = "Minutes since the last MFA: a whole number, 0 or more." }
        var hour: Int64?
        if let text = given(.hour) {
            hour = Int64(text).flatMap { (0...23).contains($0) ? $0 : nil }
            if hour == nil { errors[.hour] = "An hour from 0 to 23, or empty for the current hour at the facility." }
        }
        guard errors.isEmpty, let mfaAge else { return nil }
        var context: [String: JSONValue] = [
            "purposeOfUse": .string(self[.purpose]), "network": .string(self[.network]),
            "mfaAgeMinutes": .integer(mfaAge),
        ]
        if let hour { context["hour"] = .integer(hour) }
        if let justification = given(.justification) { context["btgJustification"] = .string(justification) }
        return AccessRequest(
            user: self[.user], action: self[.action], record: given(.record), patient: given(.patient),
            category: given(.category), device: given(.device), context: context)
    }

    /// Places the decider's complaints next to the fields they are about.
    mutating func place(_ error: AccessRequestError) {
        for problem in error.problems {
            let field = Self.fields[problem.pointer]
            let text = problem.detail.capitalizedFirst + "."
            errors[field] = errors[field].map { $0 + " " + text } ?? text
        }
    }

    /// The form field behind each JSON pointer the decider names.
    private static let fields: [String: Field] = [
        "/user": .user, "/action": .action, "/record": .record, "/context/purposeOfUse": .purpose,
        "/context/network": .network, "/context/mfaAgeMinutes": .mfaAge, "/context/hour": .hour,
        "/context/btgJustification": .justification,
    ]
}
