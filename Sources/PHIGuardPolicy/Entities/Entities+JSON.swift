import Foundation
import PHIGuardCore

extension Entities {
    /// Parses the Cedar entity JSON format: an array of `{"uid", "attrs", "parents", "tags"}` objects.
    ///
    /// With a schema, attribute values are read by their declared types and the schema's action entities are
    /// added when the JSON does not list them.
    /// - Throws: `EntityFormatError` when the JSON does not follow the format.
    public init(json: Data, schema: Schema? = nil) throws(EntityFormatError) {
        let document: JSONValue
        do {
            document = try JSONValue.parse(json)
        } catch {
            throw EntityFormatError(error.description)
        }
        guard case .array(let items) = document else {
            throw EntityFormatError("entities JSON must be an array")
        }
        var entities: [Entity] = []
        for item in items {
            entities.append(try Self.entity(item, schema: schema))
        }
        self.init(entities)
        if let schema { addMissing(schema.actionEntities) }
    }

    private static func entity(_ json: JSONValue, schema: Schema?) throws(EntityFormatError) -> Entity {
        guard let fields = json.object, let uidJSON = fields["uid"] else {
            throw EntityFormatError("entity needs a `uid`")
        }
        let uid = try JSONValueReader.entityUID(uidJSON)
        let definition = schema?.entityTypes[uid.type]
        var entity = Entity(uid: uid)
        if let attributes = fields["attrs"] {
            guard let object = attributes.object else { throw EntityFormatError("`attrs` must be an object") }
            entity.attributes = try JSONValueReader.record(object, definition?.attributes)
        }
        if let tags = fields["tags"] {
            guard let object = tags.object else { throw EntityFormatError("`tags` must be an object") }
            for (key, value) in object {
                entity.tags[key] = try JSONValueReader.value(value, expecting: definition?.tags)
            }
        }
        if case .array(let parents) = fields["parents"] {
            for parent in parents { entity.parents.insert(try JSONValueReader.entityUID(parent)) }
        }
        return entity
    }
}
