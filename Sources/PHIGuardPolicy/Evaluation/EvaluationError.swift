/// Why evaluating an expression failed: a type error, a missing attribute or entity, overflow, or a bad
/// extension argument. A policy whose evaluation fails is skipped and reported in the response errors.
public struct EvaluationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A human reason; it may name attributes and types, never attribute values.
    public var message: String

    /// Creates an evaluation error.
    public init(_ message: String) {
        self.message = message
    }

    /// A type error for a value of the wrong type.
    static func type(expected: String, got value: Value) -> EvaluationError {
        EvaluationError("type error: expected \(expected), got \(value.typeName)")
    }

    /// An arithmetic result outside the 64-bit range.
    static let overflow = EvaluationError("integer overflow")

    public var description: String { message }
}
