/// One bad field of an input: where it is, as a JSON pointer (RFC 6901, `/law_enforcement_delay/stated_on`),
/// and what is wrong, in words that never repeat the value (inputs carry PHI, and their values are not for
/// logs). The input errors of the domain modules list these; the HTTP layer answers them as the `errors` of
/// problem details (`Problem.FieldError`).
public struct FieldProblem: Sendable, Hashable, Encodable {
    /// The field as a JSON pointer into the input.
    public var pointer: String
    /// What is wrong, without the value.
    public var detail: String

    /// Creates a problem for a field.
    public init(pointer: String, detail: String) {
        self.pointer = pointer
        self.detail = detail
    }
}
