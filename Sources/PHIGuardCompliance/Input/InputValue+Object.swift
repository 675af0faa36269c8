import Foundation

extension InputValue {
    /// The members of a JSON object body, or the problem that it is not one.
    static func object(from json: Data) throws(ComplianceInputError) -> InputValue {
        let value = try InputValue.parse(json)
        guard case .object = value else {
            throw ComplianceInputError(problems: [.init(pointer: "/", detail: "must be a JSON object")])
        }
        return value
    }
}
