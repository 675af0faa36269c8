/// The unique identifier of an entity: its type and its id, written `Type::"id"`.
public struct EntityUID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The entity's type.
    public var type: EntityType
    /// The entity's id within its type.
    public var id: String

    /// Creates an entity identifier.
    public init(type: EntityType, id: String) {
        self.type = type
        self.id = id
    }

    /// Creates an entity identifier from a type name and an id.
    public init(_ type: String, _ id: String) {
        self.init(type: EntityType(type), id: id)
    }

    public var description: String {
        "\(type)::\"\(id.unicodeScalars.map { $0.escaped(asASCII: false) }.joined())\""
    }

    /// Hashes the id alone: equal identifiers have equal ids, and ids rarely repeat across types, so leaving
    /// the (long, namespaced) type name out makes every entity lookup cheaper without more collisions worth
    /// counting. Equality still compares both.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
    }

    public static func < (lhs: EntityUID, rhs: EntityUID) -> Bool {
        (lhs.type.name, lhs.id) < (rhs.type.name, rhs.id)
    }
}
