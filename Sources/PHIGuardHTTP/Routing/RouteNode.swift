/// One segment position in the routing tree. A value type, so a match works on a snapshot without holding a lock.
struct RouteNode: Sendable {
    struct Entry: Sendable {
        var route: RouteDescription
        var handler: HTTPHandler
    }

    private var literals: [String: RouteNode] = [:]
    private var parameter: (name: String, node: Box)?
    private var entries: [String: Entry] = [:]

    /// Indirection so a node can hold a child of its own type.
    final class Box: Sendable {
        let node: RouteNode
        init(_ node: RouteNode) { self.node = node }
    }

    var methods: Set<String> { Set(entries.keys) }

    /// The entry for `method`, letting `HEAD` fall back to `GET`.
    func entry(for method: String) -> Entry? {
        if let entry = entries[method] { return entry }
        return method == "HEAD" ? entries["GET"] : nil
    }

    mutating func insert(_ segments: ArraySlice<String>, route: RouteDescription, handler: @escaping HTTPHandler) {
        guard let segment = segments.first else {
            entries[route.method] = Entry(route: route, handler: handler)
            return
        }
        let rest = segments.dropFirst()
        if segment.hasPrefix("{"), segment.hasSuffix("}"), segment.count > 2 {
            let name = String(segment.dropFirst().dropLast())
            var child = parameter?.node.node ?? RouteNode()
            child.insert(rest, route: route, handler: handler)
            parameter = (name, Box(child))
        } else {
            literals[segment, default: RouteNode()].insert(rest, route: route, handler: handler)
        }
    }

    /// Appends every node matching the segments, literal matches before parameter matches at each position.
    func collect(
        _ segments: ArraySlice<String>,
        parameters: [String: String],
        into found: inout [(node: RouteNode, parameters: [String: String])]
    ) {
        guard let segment = segments.first else {
            if !entries.isEmpty { found.append((self, parameters)) }
            return
        }
        let rest = segments.dropFirst()
        literals[segment]?.collect(rest, parameters: parameters, into: &found)
        if let parameter, !segment.isEmpty {
            var bound = parameters
            bound[parameter.name] = segment
            parameter.node.node.collect(rest, parameters: bound, into: &found)
        }
    }
}
