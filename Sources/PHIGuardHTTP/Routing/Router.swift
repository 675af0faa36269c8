import Synchronization

/// Maps a method and path to a handler. Patterns are `/`-separated segments, each either literal or `{name}`.
///
/// A literal segment beats a parameter at the same position. A `HEAD` request is answered by the `GET` route of
/// the path when no `HEAD` route exists. Routes are usually added at start-up; matching takes a snapshot of the
/// table, so adding later is safe but not meant for hot paths.
public final class Router: Sendable {
    private let table = Mutex(RouteNode())
    private let descriptions = Mutex<[RouteDescription]>([])

    /// Creates an empty router.
    public init() {}

    /// Every route added, in order, for the OpenAPI document and tests.
    public var routes: [RouteDescription] { descriptions.withLock { $0 } }

    /// Adds a route. A second route with the same method and pattern replaces the first.
    public func add(_ description: RouteDescription, _ handler: @escaping HTTPHandler) {
        var route = description
        route.method = description.method.uppercased()
        let segments = Self.patternSegments(route.pattern)
        table.withLock { $0.insert(segments[...], route: route, handler: handler) }
        descriptions.withLock { list in
            list.removeAll { $0.method == route.method && $0.pattern == route.pattern }
            list.append(route)
        }
    }

    /// Finds the route for `method` and `path` (without the query string, still percent-encoded).
    public func match(method: String, path: String) -> RouteMatch {
        let root = table.withLock { $0 }
        guard let segments = Self.decodedSegments(path) else { return .notFound }
        var allowed: Set<String> = []
        var candidates: [(node: RouteNode, parameters: [String: String])] = []
        root.collect(segments[...], parameters: [:], into: &candidates)
        for candidate in candidates {
            if let entry = candidate.node.entry(for: method) {
                return .found(entry.route, parameters: candidate.parameters, handler: entry.handler)
            }
            allowed.formUnion(candidate.node.methods)
        }
        guard !allowed.isEmpty else { return .notFound }
        if allowed.contains("GET") { allowed.insert("HEAD") }
        return .methodNotAllowed(allowed: allowed.sorted())
    }

    static func patternSegments(_ pattern: String) -> [String] {
        pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
    }

    /// Splits a path into percent-decoded segments, or `nil` when the encoding is broken.
    static func decodedSegments(_ path: String) -> [String]? {
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            guard let segment = PercentDecoding.decode(raw) else { return nil }
            segments.append(segment)
        }
        return segments
    }
}

extension Router {
    /// Adds a `GET` route.
    public func get(
        _ pattern: String, summary: String, tag: String = "system", isAPI: Bool = true,
        _ handler: @escaping HTTPHandler
    ) {
        add(RouteDescription(method: "GET", pattern: pattern, summary: summary, tag: tag, isAPI: isAPI), handler)
    }

    /// Adds a `POST` route.
    public func post(
        _ pattern: String, summary: String, tag: String = "system", isAPI: Bool = true,
        _ handler: @escaping HTTPHandler
    ) {
        add(RouteDescription(method: "POST", pattern: pattern, summary: summary, tag: tag, isAPI: isAPI), handler)
    }

    /// Adds a `PUT` route.
    public func put(
        _ pattern: String, summary: String, tag: String = "system", isAPI: Bool = true,
        _ handler: @escaping HTTPHandler
    ) {
        add(RouteDescription(method: "PUT", pattern: pattern, summary: summary, tag: tag, isAPI: isAPI), handler)
    }

    /// Adds a `PATCH` route.
    public func patch(
        _ pattern: String, summary: String, tag: String = "system", isAPI: Bool = true,
        _ handler: @escaping HTTPHandler
    ) {
        add(RouteDescription(method: "PATCH", pattern: pattern, summary: summary, tag: tag, isAPI: isAPI), handler)
    }

    /// Adds a `DELETE` route.
    public func delete(
        _ pattern: String, summary: String, tag: String = "system", isAPI: Bool = true,
        _ handler: @escaping HTTPHandler
    ) {
        add(RouteDescription(method: "DELETE", pattern: pattern, summary: summary, tag: tag, isAPI: isAPI), handler)
    }
}
