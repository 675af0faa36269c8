/// A Cedar schema: the entity types, their attributes and hierarchy, and the actions with what they apply to.
public struct Schema: Sendable {
    /// An entity type declaration.
    public struct EntityTypeDefinition: Hashable, Sendable {
        /// The fully qualified name.
        public var name: EntityType
        /// Types an entity of this type may be directly `in`.
        public var memberOfTypes: [EntityType]
        /// Declared attributes.
        public var attributes: [String: SchemaAttribute]
        /// The type of tag values, when the type has tags.
        public var tags: SchemaType?
        /// The allowed ids for an enumerated entity type.
        public var enumeratedIDs: [String]?
    }

    /// An action declaration.
    public struct ActionDefinition: Hashable, Sendable {
        /// The action's identifier.
        public var uid: EntityUID
        /// The action groups this action is directly in.
        public var memberOf: [EntityUID]
        /// Principal types the action applies to; empty when it applies to none.
        public var principalTypes: [EntityType]
        /// Resource types the action applies to.
        public var resourceTypes: [EntityType]
        /// The declared context attributes.
        public var context: [String: SchemaAttribute]
        /// Whether the action has an `appliesTo` clause.
        public var hasAppliesTo: Bool
    }

    /// Entity types by name.
    public var entityTypes: [EntityType: EntityTypeDefinition] = [:]
    /// Actions by identifier.
    public var actions: [EntityUID: ActionDefinition] = [:]

    /// Creates an empty schema.
    public init() {}

    /// Parses the human-readable `.cedarschema` syntax.
    /// - Throws: `ParseError` for syntax errors and undefined type names.
    public init(text: String) throws(ParseError) {
        var parser = try SchemaParser(text: text)
        self = try parser.schema()
    }

    /// The action entities the schema declares, with their group memberships as parents.
    public var actionEntities: [Entity] {
        actions.values.map { Entity(uid: $0.uid, parents: Set($0.memberOf)) }
    }
}
