import Foundation
import PHIGuardCore
import PHIGuardPolicy

/// What the EHR asks: may this user take this action on this PHI, in this context?
///
/// The caller names things by id; PHIGuard fills in the entities from its directory. The resource is either
/// one stored record (`record`) or a patient's PHI of one category (`patient` and `category`).
public struct AccessRequest: Sendable, Hashable {
    /// The workforce member's id (a `PHIGuard::User`).
    public var user: String
    /// `view`, `create`, `update`, `delete`, `export`, `print`, or another action the schema declares.
    public var action: String
    public var record: String?
    public var patient: String?
    public var category: String?
    /// The device the request comes from; its posture is read from the directory.
    public var device: String?
    /// The Cedar context fields as JSON (purposeOfUse, network, mfaAgeMinutes, btgJustification, ...).
    public var context: [String: JSONValue]

    public init(
        user: String, action: String, record: String? = nil, patient: String? = nil, category: String? = nil,
        device: String? = nil, context: [String: JSONValue] = [:]
    ) {
        self.user = user
        self.action = action
        self.record = record
        self.patient = patient
        self.category = category
        self.device = device
        self.context = context
    }

    /// The members a request object may have.
    private static let fields: Set = ["user", "action", "record", "patient", "category", "device", "context"]

    /// Reads a request from parsed JSON.
    ///
    /// - Parameter pointer: the JSON pointer of `json` in the body, prefixed to problems.
    /// - Throws: `AccessRequestError` with one problem per bad field.
    public init(json: JSONValue, pointer: String = "") throws(AccessRequestError) {
        guard let fields = json.object else {
            throw AccessRequestError(problems: [
                .init(pointer: pointer.isEmpty ? "/" : pointer, detail: "must be an object")
            ])
        }
        var problems: [AccessRequestError.Problem] = []
        func text(_ key: String, required: Bool) -> String? {
            guard let value = fields[key], value != .null else {
                if required { problems.append(.init(pointer: "\(pointer)/\(key)", detail: "is required")) }
                return nil
            }
            guard let string = value.string, (1...256).contains(string.count) else {
                problems.append(.init(pointer: "\(pointer)/\(key)", detail: "must be a string of 1 to 256 characters"))
                return nil
            }
            return string
        }
        // Sorted only to name unknown fields in a stable order; a good request costs no sort.
        if fields.keys.contains(where: { !Self.fields.contains($0) }) {
            for key in fields.keys.sorted() where !Self.fields.contains(key) {
                problems.append(.init(pointer: "\(pointer)/\(key)", detail: "is not a request field"))
            }
        }
        let user = text("user", required: true)
        let action = text("action", required: true)
        let record = text("record", required: false)
        let patient = text("patient", required: false)
        let category = text("category", required: false)
        let device = text("device", required: false)
        if record == nil, patient == nil || category == nil {
            problems.append(.init(pointer: pointer + "/record", detail: "name a record, or a patient and a category"))
        }
        if record != nil, patient != nil || category != nil {
            problems.append(.init(pointer: pointer + "/record", detail: "name a record or a patient, not both"))
        }
        var context: [String: JSONValue] = [:]
        if let value = fields["context"], value != .null {
            if let object = value.object {
                context = object
            } else {
                problems.append(.init(pointer: pointer + "/context", detail: "must be an object"))
            }
        }
        guard problems.isEmpty, let user, let action else { throw AccessRequestError(problems: problems) }
        self.init(
            user: user, action: action, record: record, patient: patient, category: category, device: device,
            context: context)
    }

    /// The request as JSON, as ``init(json:pointer:)`` reads it.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["user": .string(user), "action": .string(action)]
        object["record"] = record.map(JSONValue.string)
        object["patient"] = patient.map(JSONValue.string)
        object["category"] = category.map(JSONValue.string)
        object["device"] = device.map(JSONValue.string)
        object["context"] = .object(context)
        return .object(object)
    }
}

/// A request that cannot be decided as sent, with a JSON pointer to each bad field.
public struct AccessRequestError: Error, Sendable, CustomStringConvertible {
    public typealias Problem = FieldProblem

    public var problems: [Problem]
    public init(problems: [Problem]) { self.problems = problems }
    public var description: String { problems.map { "\($0.pointer) \($0.detail)" }.joined(separator: "; ") }
}
