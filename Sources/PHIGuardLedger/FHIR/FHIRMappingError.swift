import PHIGuardCore

/// Why a FHIR AuditEvent (or a Bundle of them) could not be mapped: one issue per bad element, each named by a
/// JSON pointer (RFC 6901) into the submitted document, so the HTTP layer can answer with problem+json field
/// errors.
///
/// Details are constant texts written by the mapper; they never repeat submitted values, so `description` is
/// safe to log.
public struct FHIRMappingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One bad element, named by a pointer such as `/agent` or `/entry/3/resource/recorded`.
    public typealias Issue = FieldProblem

    /// The bad elements, in document order; never empty.
    public var issues: [Issue]

    /// Creates an error from its issues.
    public init(issues: [Issue]) {
        self.issues = issues
    }

    public var description: String {
        "FHIR AuditEvent not mapped: " + issues.map { "\($0.pointer): \($0.detail)" }.joined(separator: "; ")
    }
}
