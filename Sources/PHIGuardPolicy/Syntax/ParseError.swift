/// A syntax error in Cedar policy or schema text, with where it was found.
public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong, as constant text with the offending token when useful.
    public var message: String
    /// Where the problem starts.
    public var location: SourceLocation

    /// Creates a parse error.
    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}
