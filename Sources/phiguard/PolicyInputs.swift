import Foundation
import PHIGuardPolicy

/// Reads the files `phiguard policy` works on, turning every failure into a `PolicyInputError` with the file and,
/// where the input allows, the line and column.
enum PolicyInputs {
    /// The whole file as bytes.
    static func bytes(_ file: String) throws(PolicyInputError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PolicyInputError(file: file, location: nil, message: "cannot read the file")
        }
        return [UInt8](data)
    }

    /// Parses a Cedar policy file.
    static func policies(_ file: String) throws(PolicyInputError) -> PolicySet {
        let text = String(decoding: try bytes(file), as: UTF8.self)
        do {
            return try PolicySet(text: text)
        } catch {
            throw PolicyInputError(file: file, location: error.location, message: error.message)
        }
    }

    /// Parses a schema, in JSON when the file starts with `{` and in the `.cedarschema` syntax otherwise.
    static func schema(_ file: String) throws(PolicyInputError) -> Schema {
        let bytes = try bytes(file)
        let text = String(decoding: bytes, as: UTF8.self)
        let isJSON = text.drop(while: \.isWhitespace).first == "{"
        if isJSON { _ = try scan(bytes, file: file) }
        do {
            return isJSON ? try Schema(json: Data(bytes)) : try Schema(text: text)
        } catch {
            throw PolicyInputError(file: file, location: error.location, message: error.message)
        }
    }

    /// Reads entities in the Cedar JSON format, pointing at the first entity the engine rejects.
    static func entities(_ file: String, schema: Schema?) throws(PolicyInputError) -> Entities {
        let bytes = try bytes(file)
        let root = try scan(bytes, file: file)
        do {
            return try Entities(json: Data(bytes), schema: schema)
        } catch {
            let location = culprit(in: root, of: bytes, schema: schema)
            throw PolicyInputError(file: file, location: location, message: error.message)
        }
    }

    /// Reads a context record from a JSON file for the given action.
    static func context(_ file: String, action: EntityUID, schema: Schema?) throws(PolicyInputError) -> [String: Value]
    {
        let bytes = try bytes(file)
        let root = try scan(bytes, file: file)
        do {
            return try Request.context(json: Data(bytes), action: action, schema: schema)
        } catch {
            throw PolicyInputError(file: file, location: root.location, message: error.message)
        }
    }

    /// Checks JSON syntax, reporting the position of the first mistake.
    static func scan(_ bytes: [UInt8], file: String) throws(PolicyInputError) -> PolicyJSONNode {
        do {
            return try PolicyJSONScanner.scan(bytes)
        } catch {
            throw PolicyInputError(file: file, location: error.location, message: "malformed JSON: \(error.message)")
        }
    }

    /// The start of the first array element the engine rejects on its own, or of the whole document.
    private static func culprit(in root: PolicyJSONNode, of bytes: [UInt8], schema: Schema?) -> SourceLocation {
        guard case .array(let elements) = root.kind else { return root.location }
        for element in elements {
            let single = Data([UInt8(ascii: "[")] + bytes[element.range] + [UInt8(ascii: "]")])
            if (try? Entities(json: single, schema: schema)) == nil { return element.location }
        }
        return root.location
    }
}
