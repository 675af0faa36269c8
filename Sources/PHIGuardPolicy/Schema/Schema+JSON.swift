import Foundation
import PHIGuardCore

extension Schema {
    /// Parses the JSON schema syntax.
    /// - Throws: `ParseError` (at 1:1) when the JSON is malformed or a type name is undefined.
    public init(json: Data) throws(ParseError) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(json)
        } catch {
            throw ParseError(
                "malformed schema JSON: \(error.message)", at: SourceLocation(line: error.line, column: error.column))
        }
        var reader = SchemaJSONReader()
        try reader.read(value)
        self = try SchemaResolver(parsed: reader.declarations).resolve()
    }
}
