/// The fixed set of dotted metadata keys. Using these, rather than ad-hoc strings, keeps log search predictable.
public struct LogKey: Hashable, Sendable, ExpressibleByStringLiteral {
    /// The dotted key as written in the JSON line.
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let requestID: LogKey = "request.id"
    public static let httpMethod: LogKey = "http.method"
    public static let httpRoute: LogKey = "http.route"
    public static let httpStatus: LogKey = "http.status"
    public static let durationMilliseconds: LogKey = "duration.ms"
    public static let errorCode: LogKey = "error.code"
    public static let errorReason: LogKey = "error.reason"
    public static let storeBackend: LogKey = "store.backend"
    public static let storeOperation: LogKey = "store.operation"
    public static let schemaVersion: LogKey = "store.schema_version"
    public static let listenAddress: LogKey = "server.address"
    public static let userID: LogKey = "user.id"
    public static let tokenID: LogKey = "token.id"
    public static let keyID: LogKey = "key.id"
    public static let configKey: LogKey = "config.key"
    public static let path: LogKey = "file.path"
}
