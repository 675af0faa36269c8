/// The name of an entity type, possibly namespaced, such as `User` or `Clinic::Patient`.
public struct EntityType: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The full name with `::` between namespace parts.
    public var name: String

    /// Creates an entity type from its full name.
    public init(_ name: String) {
        self.name = name
    }

    /// Whether this is an action type: `Action` itself or `Namespace::Action`.
    public var isAction: Bool { name == "Action" || name.hasSuffix("::Action") }

    public var description: String { name }

    public static func < (lhs: EntityType, rhs: EntityType) -> Bool { lhs.name < rhs.name }
}
