/// Turns parsed schema declarations into a `Schema`, resolving each type name in its namespace: a common
/// type or entity type of the current namespace first, then of the empty namespace, then the built-in types.
struct SchemaResolver {
    private static let builtins: [String: SchemaType] = [
        "Bool": .bool, "Boolean": .bool, "Long": .long, "String": .string,
        "ipaddr": .extension("ipaddr"), "decimal": .extension("decimal"),
        "datetime": .extension("datetime"), "duration": .extension("duration"),
    ]

    let parsed: SchemaDeclarations
    private let entityNames: Set<String>

    init(parsed: SchemaDeclarations) {
        self.parsed = parsed
        entityNames = Set(parsed.entities.map(\.name))
    }

    func resolve() throws(ParseError) -> Schema {
        var schema = Schema()
        for entity in parsed.entities {
            let name = EntityType(entity.name)
            var attributes: [String: SchemaAttribute] = [:]
            if let raw = entity.attributes, case .record(let fields) = try resolve(raw, in: entity.namespace, depth: 0)
            {
                attributes = fields
            }
            let tags: SchemaType? =
                if let raw = entity.tags { try resolve(raw, in: entity.namespace, depth: 0) } else { nil }
            schema.entityTypes[name] = Schema.EntityTypeDefinition(
                name: name, memberOfTypes: entity.memberOf.map { entityType($0, in: entity.namespace) },
                attributes: attributes, tags: tags, enumeratedIDs: entity.enumeratedIDs)
        }
        for action in parsed.actions {
            schema.actions[action.uid] = try resolve(action)
        }
        return schema
    }

    private func resolve(_ action: SchemaDeclarations.RawAction) throws(ParseError) -> Schema.ActionDefinition {
        var context: [String: SchemaAttribute] = [:]
        if let raw = action.context, case .record(let fields) = try resolve(raw, in: action.namespace, depth: 0) {
            context = fields
        }
        return Schema.ActionDefinition(
            uid: action.uid, memberOf: action.memberOf,
            principalTypes: action.principals.map { entityType($0, in: action.namespace) },
            resourceTypes: action.resources.map { entityType($0, in: action.namespace) },
            context: context, hasAppliesTo: action.hasAppliesTo)
    }

    private func entityType(_ path: [String], in namespace: String) -> EntityType {
        let name = path.joined(separator: "::")
        let local = SchemaParser.qualify(name, in: namespace)
        if path.count == 1 && !entityNames.contains(local) && entityNames.contains(name) { return EntityType(name) }
        return EntityType(path.count == 1 ? local : name)
    }

    private func resolve(_ raw: SchemaDeclarations.RawType, in namespace: String, depth: Int) throws(ParseError)
        -> SchemaType
    {
        switch raw {
        case .set(let element):
            return .set(try resolve(element, in: namespace, depth: depth))
        case .record(let fields):
            var attributes: [String: SchemaAttribute] = [:]
            for (name, field) in fields {
                attributes[name] = SchemaAttribute(
                    type: try resolve(field.type, in: namespace, depth: depth), isRequired: field.isRequired)
            }
            return .record(attributes)
        case .name(let path, let location):
            guard depth < 64 else { throw ParseError("common types refer to each other in a cycle", at: location) }
            return try resolveName(path, in: namespace, depth: depth, at: location)
        }
    }

    private func resolveName(
        _ path: [String],
        in namespace: String,
        depth: Int,
        at location: SourceLocation
    ) throws(ParseError) -> SchemaType {
        let name = path.joined(separator: "::")
        let candidates = path.count == 1 ? [SchemaParser.qualify(name, in: namespace), name] : [name]
        for candidate in candidates {
            if let common = parsed.commonTypes[candidate] {
                return try resolve(common.type, in: common.namespace, depth: depth + 1)
            }
            if entityNames.contains(candidate) { return .entity(EntityType(candidate)) }
        }
        let builtinName = name.hasPrefix("__cedar::") ? String(name.dropFirst(9)) : name
        if let builtin = Self.builtins[builtinName] { return builtin }
        throw ParseError("undefined type `\(name)`", at: location)
    }
}
