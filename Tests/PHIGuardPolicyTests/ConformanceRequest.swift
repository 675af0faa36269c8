import PHIGuardCore

@testable import PHIGuardPolicy

/// One request of a conformance case with its expected response.
struct ConformanceRequest {
    let request: Request
    let decision: Decision
    let reasons: [String]
    let errors: [String]

    init(_ json: JSONValue, schema: Schema?) throws {
        let fields = json.object ?? [:]
        let action = try JSONValueReader.entityUID(fields["action"] ?? .null)
        let context = try JSONValueReader.record(fields["context"]?.object ?? [:], schema?.actions[action]?.context)
        request = Request(
            principal: try JSONValueReader.entityUID(fields["principal"] ?? .null), action: action,
            resource: try JSONValueReader.entityUID(fields["resource"] ?? .null), context: context)
        decision = fields["decision"]?.string == "allow" ? .allow : .deny
        reasons = Self.strings(fields["reason"]).sorted()
        errors = Self.strings(fields["errors"]).sorted()
    }

    private static func strings(_ json: JSONValue?) -> [String] {
        guard case .array(let items) = json else { return [] }
        return items.compactMap(\.string)
    }
}
