/// A request as handlers see it: the whole body already read and within limits.
public struct HTTPRequest: Sendable {
    /// Upper-case method, for example `GET`.
    public var method: String
    /// The path without the query string, as sent (still percent-encoded): the router decodes each segment for
    /// `pathParameters`, so an encoded `/` inside an id never splits a segment.
    public var path: String
    /// Query parameters (the last value wins for repeated names).
    public var query: [String: String]
    /// Headers, matched case-insensitively.
    public var headers: HTTPHeaders
    /// The request body.
    public var body: [UInt8]
    /// Values of `{name}` segments of the matched route.
    public var pathParameters: [String: String]
    /// The request id: the caller's `X-Request-Id` when acceptable, else a generated one.
    public var requestID: String
    /// The client's address, for audit.
    public var remoteAddress: String
    /// Whether the connection is TLS.
    public var isSecure: Bool
    /// The route that matched, set by the server before middleware runs; `nil` when none did.
    public var route: RouteDescription?

    /// Creates a request; the server fills every field, tests usually only the first few.
    public init(
        method: String,
        path: String,
        query: [String: String] = [:],
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        pathParameters: [String: String] = [:],
        requestID: String = "",
        remoteAddress: String = "",
        isSecure: Bool = false
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.pathParameters = pathParameters
        self.requestID = requestID
        self.remoteAddress = remoteAddress
        self.isSecure = isSecure
    }
}
