/// One segment position in the routing tree. A value type, so a match works on a snapshot without holding a lock.
struct RouteNode: Sendable {
    struct Entry: Sendable {
        var route: RouteDescription
        var handler: HTTPHandler
        /// A number unique to this entry within its router, so the server can keep per-route state in an array.
        var slot: Int
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

    mutating func insert(_ segments: ArraySlice<String>, entry: Entry) {
        guard let segment = segments.first else {
            entries[entry.route.method] = entry
            return
        }
        let rest = segments.dropFirst()
        if segment.hasPrefix("{"), segment.hasSuffix("}"), segment.count > 2 {
            let name = String(segment.dropFirst().dropLast())
            var child = parameter?.node.node ?? RouteNode()
            child.insert(rest, entry: entry)
            parameter = (name, Box(child))
        } else {
            literals[segment, default: RouteNode()].insert(rest, entry: entry)
        }
    }

    /// The first entry for `method` in the order `collect` visits nodes, without gathering the other candidates.
    func find(
        _ segments: ArraySlice<String>, method: String, parameters: [String: String]
    ) -> (entry: Entry, parameters: [String: String])? {
        guard let segment = segments.first else {
            return entry(for: method).map { ($0, parameters) }
        }
        let rest = segments.dropFirst()
        if let found = literals[segment]?.find(rest, method: method, parameters: parameters) { return found }
        guard let parameter, !segment.isEmpty else { return nil }
        var bound = parameters
        bound[parameter.name] = segment
        return parameter.node.node.find(rest, method: method, parameters: bound)
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
