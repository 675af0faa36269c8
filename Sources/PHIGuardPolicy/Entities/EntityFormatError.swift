/// Entity, context or request JSON that does not follow the Cedar entity format (or the schema).
public struct EntityFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong; it names fields and types, never values.
    public var message: String

    /// Creates an entity format error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
