import PHIGuardPolicy

/// Policy, schema, entity or request input that cannot be used, printed as `file:line:column: message` so editors
/// and CI logs can jump to it. The message names fields and types, never the values in the file.
struct PolicyInputError: Error, CustomStringConvertible {
    /// The file as given on the command line.
    var file: String
    /// Where in the file, when known; for request lines, the line number and the column within that line.
    var location: SourceLocation?
    /// What is wrong.
    var message: String

    var description: String {
        guard let location else { return "\(file): \(message)" }
        return "\(file):\(location.line):\(location.column): \(message)"
    }
}
