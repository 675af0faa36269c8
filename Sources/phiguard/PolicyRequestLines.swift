import Foundation
import PHIGuardPolicy

/// Reads authorization requests from JSON Lines: one object per line with `principal`, `action` and `resource`
/// (each `{"type": ..., "id": ...}` or a `Type::"id"` string) and an optional `context` object. Blank lines are
/// skipped; errors name the line number and the column within the line.
enum PolicyRequestLines {
    /// Every request in the file, in order.
    static func read(_ file: String, schema: Schema?) throws(PolicyInputError) -> [Request] {
        let bytes = try PolicyInputs.bytes(file)
        var requests: [Request] = []
        var lineNumber = 0
        for var line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            do {
                requests.append(try request(Array(line), schema: schema))
            } catch {
                throw PolicyInputError(
                    file: file, location: SourceLocation(line: lineNumber, column: error.location.column),
                    message: error.message)
            }
        }
        return requests
    }

    /// Reads one request line; locations are within the line.
    static func request(_ line: [UInt8], schema: Schema?) throws(PolicyJSONSyntaxError) -> Request {
        let root: PolicyJSONNode
        do {
            root = try PolicyJSONScanner.scan(line)
        } catch {
            throw PolicyJSONSyntaxError(message: "malformed JSON: \(error.message)", location: error.location)
        }
        guard case .object = root.kind else {
            throw PolicyJSONSyntaxError(message: "a request must be a JSON object", location: root.location)
        }
        let principal = try uid(root, "principal")
        let action = try uid(root, "action")
        let resource = try uid(root, "resource")
        var context: [String: Value] = [:]
        if let node = root["context"] {
            do {
                context = try Request.context(json: Data(line[node.range]), action: action, schema: schema)
            } catch {
                throw PolicyJSONSyntaxError(message: "`context`: \(error.message)", location: node.location)
            }
        }
        return Request(principal: principal, action: action, resource: resource, context: context)
    }

    private static func uid(_ root: PolicyJSONNode, _ name: String) throws(PolicyJSONSyntaxError) -> EntityUID {
        guard let node = root[name] else {
            throw PolicyJSONSyntaxError(message: "the request needs `\(name)`", location: root.location)
        }
        if let text = node.string {
            do {
                return try PolicyEntityUIDParser.parse(text)
            } catch {
                throw PolicyJSONSyntaxError(message: "`\(name)`: \(error.message)", location: node.location)
            }
        }
        let entity = node["__entity"] ?? node
        guard let type = entity["type"]?.string, let id = entity["id"]?.string else {
            throw PolicyJSONSyntaxError(
                message: "`\(name)` must be {\"type\": ..., \"id\": ...} with string values", location: node.location)
        }
        return EntityUID(type: EntityType(type), id: id)
    }
}
