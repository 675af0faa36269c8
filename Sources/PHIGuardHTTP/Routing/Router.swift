import PHIGuardCore
import Synchronization

/// Maps a method and path to a handler. Patterns are `/`-separated segments, each either literal or `{name}`.
///
/// A literal segment beats a parameter at the same position. A `HEAD` request is answered by the `GET` route of
/// the path when no `HEAD` route exists. Routes are usually added at start-up; matching takes a snapshot of the
/// table, so adding later is safe but not meant for hot paths.
public final class Router: Sendable {
    /// The tree behind one reference, replaced whole by `add`: a match retains it under a read lock, which never
    /// waits for other matches, and then reads it without one.
    private let table = ReadWriteLock(RouteNode.Box(RouteNode()))
    private let descriptions = Mutex<[RouteDescription]>([])
    private let slots = Atomic<Int>(0)

    /// Creates an empty router.
    public init() {}

    /// Every route added, in order, for the OpenAPI document and tests.
    public var routes: [RouteDescription] { descriptions.withLock { $0 } }

    /// Adds a route. A second route with the same method and pattern replaces the first.
    public func add(_ description: RouteDescription, _ handler: @escaping HTTPHandler) {
        var route = description
        route.method = description.method.uppercased()
        let segments = Self.patternSegments(route.pattern)
        let slot = slots.wrappingAdd(1, ordering: .relaxed).oldValue
        let entry = RouteNode.Entry(route: route, handler: handler, slot: slot)
        table.write { box in
            var root = box.node
            root.insert(segments[...], entry: entry)
            box = RouteNode.Box(root)
        }
        descriptions.withLock { list in
            list.removeAll { $0.method == route.method && $0.pattern == route.pattern }
            list.append(route)
        }
    }

    /// Finds the route for `method` and `path` (without the query string, still percent-encoded).
    public func match(method: String, path: String) -> RouteMatch {
        resolve(method: method, path: path).match
    }

    /// The match, and the slot of the matched entry for per-route state.
    func resolve(method: String, path: String) -> (match: RouteMatch, slot: Int?) {
        let root = table.read { $0 }.node
        guard let segments = Self.decodedSegments(path) else { return (.notFound, nil) }
        if let (entry, parameters) = root.find(segments[...], method: method, parameters: [:]) {
            return (.found(entry.route, parameters: parameters, handler: entry.handler), entry.slot)
        }
        var candidates: [(node: RouteNode, parameters: [String: String])] = []
        root.collect(segments[...], parameters: [:], into: &candidates)
        var allowed = Set(candidates.flatMap(\.node.methods))
        guard !allowed.isEmpty else { return (.notFound, nil) }
        if allowed.contains("GET") { allowed.insert("HEAD") }
        return (.methodNotAllowed(allowed: allowed.sorted()), nil)
    }

    static func patternSegments(_ pattern: String) -> [String] {
        pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
    }

    /// Splits a path into percent-decoded segments, or `nil` when the encoding is broken.
    ///
    /// Each `/` starts a segment; text before the first one is not a segment. Scans the UTF-8 bytes directly: this
    /// runs on every request.
    static func decodedSegments(_ path: String) -> [String]? {
        var segments: [String] = []
        segments.reserveCapacity(4)
        var start: String.Index?
        let utf8 = path.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "/") {
                if let start {
                    guard let segment = PercentDecoding.decode(path[start..<index]) else { return nil }
                    segments.append(segment)
                }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if let start {
            guard let segment = PercentDecoding.decode(path[start...]) else { return nil }
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
