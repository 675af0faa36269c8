/// A handler answers one request. It throws `Problem` for a client-visible failure; anything else becomes 500.
public typealias HTTPHandler = @Sendable (HTTPRequest) throws -> HTTPResponse

/// What a route is, beyond its handler: used by the router, the metrics labels and the OpenAPI document.
public struct RouteDescription: Sendable, Hashable {
    /// Upper-case method.
    public var method: String
    /// The pattern, with `{name}` path parameters, for example `/api/v1/tokens/{id}`.
    public var pattern: String
    /// A one-line summary for the OpenAPI document.
    public var summary: String
    /// Tags grouping the route in the OpenAPI document.
    public var tag: String
    /// Whether the route belongs in the public API document (console pages do not).
    public var isAPI: Bool

    /// Creates a route description.
    public init(method: String, pattern: String, summary: String, tag: String = "system", isAPI: Bool = true) {
        self.method = method
        self.pattern = pattern
        self.summary = summary
        self.tag = tag
        self.isAPI = isAPI
    }
}
