import Foundation
import PHIGuardCore

/// Reads the JSON schema syntax (namespaces holding `entityTypes`, `actions` and `commonTypes`) into declarations.
struct SchemaJSONReader {
    private static let start = SourceLocation(line: 1, column: 1)
    var declarations = SchemaDeclarations()

    private static func failure(_ message: String) -> ParseError { ParseError(message, at: start) }

    mutating func read(_ json: JSONValue) throws(ParseError) {
        guard let namespaces = json.object else { throw Self.failure("schema JSON must be an object") }
        for (namespace, body) in namespaces {
            guard let fields = body.object else { throw Self.failure("namespace `\(namespace)` must be an object") }
            for (name, type) in fields["commonTypes"]?.object ?? [:] {
                declarations.commonTypes[SchemaParser.qualify(name, in: namespace)] = (try Self.type(type), namespace)
            }
            for (name, entity) in fields["entityTypes"]?.object ?? [:] {
                declarations.entities.append(try Self.entity(name, entity, namespace: namespace))
            }
            for (name, action) in fields["actions"]?.object ?? [:] {
                declarations.actions.append(try Self.action(name, action, namespace: namespace))
            }
        }
    }

    private static func entity(
        _ name: String,
        _ json: JSONValue,
        namespace: String
    ) throws(ParseError) -> SchemaDeclarations.RawEntity {
        let fields = json.object ?? [:]
        var entity = SchemaDeclarations.RawEntity(
            name: SchemaParser.qualify(name, in: namespace), namespace: namespace,
            memberOf: strings(fields["memberOfTypes"]).map(path))
        if let shape = fields["shape"] { entity.attributes = try type(shape) }
        if let tags = fields["tags"] { entity.tags = try type(tags) }
        if fields["enum"] != nil { entity.enumeratedIDs = strings(fields["enum"]) }
        return entity
    }

    private static func action(
        _ name: String,
        _ json: JSONValue,
        namespace: String
    ) throws(ParseError) -> SchemaDeclarations.RawAction {
        let fields = json.object ?? [:]
        let actionType = EntityType(SchemaParser.qualify("Action", in: namespace))
        var memberOf: [EntityUID] = []
        if case .array(let parents) = fields["memberOf"] {
            for parent in parents {
                guard let id = parent.object?["id"]?.string else { throw failure("action parent needs an `id`") }
                let type = parent.object?["type"]?.string.map { EntityType($0) } ?? actionType
                memberOf.append(EntityUID(type: type, id: id))
            }
        }
        let appliesTo = fields["appliesTo"]?.object
        return SchemaDeclarations.RawAction(
            uid: EntityUID(type: actionType, id: name), namespace: namespace, memberOf: memberOf,
            principals: strings(appliesTo?["principalTypes"]).map(path),
            resources: strings(appliesTo?["resourceTypes"]).map(path),
            context: try appliesTo?["context"].map { (json) throws(ParseError) in try type(json) },
            hasAppliesTo: appliesTo != nil)
    }

    static func type(_ json: JSONValue) throws(ParseError) -> SchemaDeclarations.RawType {
        guard let fields = json.object, let kind = fields["type"]?.string else {
            throw failure("schema type needs a `type`")
        }
        switch kind {
        case "Set":
            guard let element = fields["element"] else { throw failure("Set type needs an `element`") }
            return .set(try type(element))
        case "Record":
            var attributes: [String: SchemaDeclarations.RawAttribute] = [:]
            for (name, attribute) in fields["attributes"]?.object ?? [:] {
                let isRequired = attribute.object?["required"] != .bool(false)
                attributes[name] = SchemaDeclarations.RawAttribute(type: try type(attribute), isRequired: isRequired)
            }
            return .record(attributes)
        case "Entity", "EntityOrCommon":
            return .name(path(fields["name"]?.string ?? ""), start)
        case "Extension":
            return .name(["__cedar", fields["name"]?.string ?? ""], start)
        case "Long", "String", "Boolean":
            return .name(["__cedar", kind], start)
        default:
            return .name(path(kind), start)
        }
    }

    private static func strings(_ json: JSONValue?) -> [String] {
        guard case .array(let items) = json else { return [] }
        return items.compactMap(\.string)
    }

    private static func path(_ name: String) -> [String] {
        name.components(separatedBy: "::")
    }
}
