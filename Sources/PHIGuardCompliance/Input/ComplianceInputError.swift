import PHIGuardCore

/// Input for the compliance program (a breach case, an incident, a notice) that cannot be used as given, with one
/// problem per bad field.
///
/// Each problem names its field as a JSON pointer (`/law_enforcement_delay/stated_on`) and says what is wrong
/// in words that never repeat the value: the input may come from a case file, and its values are not for logs.
public struct ComplianceInputError: Error, Sendable, Hashable {
    /// One bad field.
    public typealias Problem = FieldProblem

    /// The problem of text that is not JSON at all.
    public static let malformed = Problem(pointer: "/", detail: "is not well-formed JSON")

    /// Whether the input was not JSON, rather than JSON with bad fields.
    public var isMalformed: Bool {
        problems == [Self.malformed]
    }

    /// The problems, in the order the fields were checked.
    public var problems: [Problem]

    /// Creates an error from its problems.
    public init(problems: [Problem]) {
        self.problems = problems
    }
}

extension ComplianceInputError: CustomStringConvertible {
    public var description: String {
        problems.map { "\($0.pointer): \($0.detail)" }.joined(separator: "; ")
    }
}
