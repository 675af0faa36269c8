import Foundation
import PHIGuardCore

extension Request {
    /// Reads a context record from JSON; with a schema, attribute values follow the action's declared context.
    /// - Throws: `EntityFormatError` when the JSON is not an object or a value is malformed.
    public static func context(
        json: Data,
        action: EntityUID,
        schema: Schema? = nil
    ) throws(EntityFormatError) -> [String: Value] {
        let document: JSONValue
        do {
            document = try JSONValue.parse(json)
        } catch {
            throw EntityFormatError(error.description)
        }
        guard let object = document.object else {
            throw EntityFormatError("context must be a JSON object")
        }
        return try JSONValueReader.record(object, schema?.actions[action]?.context)
    }

    /// Reads a context record from already parsed JSON fields, as ``context(json:action:schema:)`` does.
    /// - Throws: `EntityFormatError` when a value is malformed.
    public static func context(
        fields: [String: JSONValue],
        action: EntityUID,
        schema: Schema? = nil
    ) throws(EntityFormatError) -> [String: Value] {
        try JSONValueReader.record(fields, schema?.actions[action]?.context)
    }
}
