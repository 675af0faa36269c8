/// An entity in the store: its identifier, attributes, direct parents and tags.
public struct Entity: Hashable, Sendable {
    /// The entity's identifier.
    public var uid: EntityUID
    /// Attribute values by name.
    public var attributes: [String: Value]
    /// The entities this one is directly `in`.
    public var parents: Set<EntityUID>
    /// Tag values by key, read with `getTag` and `hasTag`.
    public var tags: [String: Value]

    /// Creates an entity.
    public init(
        uid: EntityUID,
        attributes: [String: Value] = [:],
        parents: Set<EntityUID> = [],
        tags: [String: Value] = [:]
    ) {
        self.uid = uid
        self.attributes = attributes
        self.parents = parents
        self.tags = tags
    }
}
