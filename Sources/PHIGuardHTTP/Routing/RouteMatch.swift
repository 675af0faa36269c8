/// What the router found for a method and path.
public enum RouteMatch: Sendable {
    /// A route answers this method and path; `parameters` holds the percent-decoded `{name}` segments.
    case found(RouteDescription, parameters: [String: String], handler: HTTPHandler)
    /// The path exists for other methods only; `allowed` is the sorted list for the `Allow` header.
    case methodNotAllowed(allowed: [String])
    /// No route has this path.
    case notFound
}
