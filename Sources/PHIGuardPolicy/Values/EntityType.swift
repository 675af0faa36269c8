import Synchronization

/// The name of an entity type, possibly namespaced, such as `User` or `Clinic::Patient`.
public struct EntityType: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The full name with `::` between namespace parts.
    public var name: String

    /// Creates an entity type from its full name.
    public init(_ name: String) {
        self.name = EntityTypeNames.interned(name)
    }

    /// Whether this is an action type: `Action` itself or `Namespace::Action`.
    public var isAction: Bool { name == "Action" || name.hasSuffix("::Action") }

    public var description: String { name }

    public static func < (lhs: EntityType, rhs: EntityType) -> Bool { lhs.name < rhs.name }
}

/// One shared copy of each entity type name. Two names that share storage compare equal without reading their
/// bytes, and type names such as `PHIGuard::Record` are too long for Swift's inline small strings, so every
/// entity lookup and scope check would otherwise compare them byte by byte. Bounded: past the limit (far more
/// types than any schema declares) names are simply not shared.
enum EntityTypeNames {
    private static let limit = 4096
    private static let table = Mutex<[String: String]>([:])

    static func interned(_ name: String) -> String {
        table.withLock { table in
            if let shared = table[name] { return shared }
            if table.count < limit { table[name] = name }
            return name
        }
    }
}
