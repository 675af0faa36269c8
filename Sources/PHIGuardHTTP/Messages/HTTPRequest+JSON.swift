import Foundation
import PHIGuardCore

extension HTTPRequest {
    /// Decodes the body as JSON with the shared settings.
    ///
    /// - Throws: `Problem.badRequest` naming the offending field by JSON pointer when the body is not JSON or does
    ///   not have the expected shape. The detail names the field and the expected type, never the value sent.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !body.isEmpty else { throw Problem.badRequest("A JSON body is required.") }
        do {
            return try JSON.decoder().decode(type, from: Data(body))
        } catch let error as DecodingError {
            throw Self.problem(for: error)
        }
    }

    static func problem(for error: DecodingError) -> Problem {
        switch error {
        case .typeMismatch(let expected, let context):
            return fieldProblem(context.codingPath, "Expected \(typeName(expected)).")
        case .valueNotFound(let expected, let context):
            return fieldProblem(context.codingPath, "Expected \(typeName(expected)), found null.")
        case .keyNotFound(let key, let context):
            return fieldProblem(context.codingPath + [key], "This field is required.")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return Problem.badRequest("The body is not valid JSON.")
        case .dataCorrupted(let context):
            return fieldProblem(context.codingPath, "The value is not in the expected format.")
        @unknown default:
            return Problem.badRequest("The body does not have the expected shape.")
        }
    }

    private static func fieldProblem(_ path: [any CodingKey], _ detail: String) -> Problem {
        let error = Problem.FieldError(pointer: jsonPointer(path), detail: detail)
        return Problem.badRequest("The body does not have the expected shape.", errors: [error])
    }

    /// An RFC 6901 pointer to the field: array indexes as numbers, `~` and `/` escaped.
    static func jsonPointer(_ path: [any CodingKey]) -> String {
        path.map { key in
            if let index = key.intValue { return "/\(index)" }
            let escaped = key.stringValue.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(
                of: "/", with: "~1")
            return "/" + escaped
        }.joined()
    }

    /// A JSON-flavoured name for a Swift type, so the caller reads `string` rather than `String`.
    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is [Any].Type: "an array"
        case is [String: Any].Type: "an object"
        default: "a value of another type"
        }
    }
}
