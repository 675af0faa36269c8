import Foundation

extension Schema {
    /// Parses the JSON schema syntax.
    /// - Throws: `ParseError` (at 1:1) when the JSON is malformed or a type name is undefined.
    public init(json: Data) throws(ParseError) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(json)
        } catch {
            throw ParseError("malformed schema JSON", at: SourceLocation(line: 1, column: 1))
        }
        var reader = SchemaJSONReader()
        try reader.read(value)
        self = try SchemaResolver(parsed: reader.declarations).resolve()
    }
}
