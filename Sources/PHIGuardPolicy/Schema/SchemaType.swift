/// A type in a Cedar schema, with every name resolved.
public indirect enum SchemaType: Hashable, Sendable {
    case bool
    case long
    case string
    case entity(EntityType)
    case set(SchemaType)
    /// A record with the given attributes; records in schemas are closed.
    case record([String: SchemaAttribute])
    /// An extension type: `ipaddr`, `decimal`, `datetime` or `duration`.
    case `extension`(String)
}

/// An attribute declared in a schema record: its type and whether it must be present.
public struct SchemaAttribute: Hashable, Sendable {
    /// The declared type.
    public var type: SchemaType
    /// False for attributes declared with `?`.
    public var isRequired: Bool

    /// Creates an attribute declaration.
    public init(type: SchemaType, isRequired: Bool = true) {
        self.type = type
        self.isRequired = isRequired
    }
}
