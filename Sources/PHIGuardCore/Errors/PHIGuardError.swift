/// An error raised anywhere in PHIGuard: a stable code, a reason safe to show, the cause and the call site.
///
/// `description` never carries PHI, secrets or SQL arguments: it is the code and the reason, which callers
/// write as constant text. The underlying error is kept for `debugDescription` only.
public struct PHIGuardError: Error, Sendable {
    /// The stable, machine-readable kind of failure.
    public var code: Code
    /// A short human reason, written by the caller as constant text or with non-sensitive values only.
    public var reason: String
    /// The error that caused this one, if any; shown only in `debugDescription`.
    public var underlying: (any Error)?
    /// The file that raised the error, as `#fileID` (no build paths).
    public var fileID: String
    /// The line that raised the error.
    public var line: Int

    /// Creates an error at the caller's site.
    public init(
        _ code: Code,
        _ reason: String,
        underlying: (any Error)? = nil,
        fileID: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.reason = reason
        self.underlying = underlying
        self.fileID = fileID
        self.line = line
    }
}

extension PHIGuardError {
    /// A growable set of error codes: a struct over a string, so adding a code breaks no caller.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The dotted code, for example `store.unavailable`.
        public let rawValue: String

        /// Creates a code; modules declare their own as static members in extensions.
        public init(_ rawValue: String) { self.rawValue = rawValue }

        public var description: String { rawValue }

        /// Input that fails validation.
        public static let invalidInput = Code("input.invalid")
        /// A referenced thing does not exist.
        public static let notFound = Code("resource.not_found")
        /// The thing already exists.
        public static let conflict = Code("resource.conflict")
        /// The caller is not authenticated.
        public static let unauthenticated = Code("auth.unauthenticated")
        /// The caller is authenticated but not allowed.
        public static let forbidden = Code("auth.forbidden")
        /// A configuration value is missing or not accepted.
        public static let configuration = Code("config.invalid")
        /// The store cannot be reached or refused the operation.
        public static let storeUnavailable = Code("store.unavailable")
        /// The store schema is newer than this binary understands.
        public static let schemaTooNew = Code("store.schema_too_new")
        /// A cryptographic operation failed (bad key, failed authentication tag, library error).
        public static let crypto = Code("crypto.failure")
        /// An operating-system or I/O failure.
        public static let io = Code("io.failure")
        /// An internal invariant did not hold.
        public static let internalError = Code("internal")
    }
}

extension PHIGuardError: Equatable {
    /// Errors are equal when their codes are: the reason and the site are for people, not for matching.
    public static func == (lhs: PHIGuardError, rhs: PHIGuardError) -> Bool { lhs.code == rhs.code }
}

extension PHIGuardError: CustomStringConvertible {
    public var description: String { "\(code): \(reason)" }
}

extension PHIGuardError: CustomDebugStringConvertible {
    public var debugDescription: String {
        var text = "\(code): \(reason) (at \(fileID):\(line))"
        if let underlying { text += " caused by \(String(reflecting: underlying))" }
        return text
    }
}
