import PHIGuardCore

/// What the pipeline needs for every request of one route: the handler wrapped in the middleware, and the metric
/// handles, so a request neither composes closures nor looks metrics up by a label dictionary. Requests only read
/// these tables (a reader-writer lock); a write happens on the first request of a route or status.
final class RouteState: Sendable {
    /// The route pattern, or `unmatched`: the metric label.
    let label: String
    /// The route's handler inside the middleware; `nil` for the unmatched state, whose endpoint varies.
    let handler: HTTPHandler?
    let duration: Histogram
    /// Request counters by method and status, keyed by `counterKey`.
    private let counters = ReadWriteLock<[Int: Counter]>([:])

    init(label: String, handler: HTTPHandler?, duration: Histogram) {
        self.label = label
        self.handler = handler
        self.duration = duration
    }

    /// The counter for `method` (already folded to a label) and `status`, from `make` on first use.
    func requests(method: String, status: Int, make: () -> Counter) -> Counter {
        let key = Self.counterKey(method: method, status: status)
        if let counter = counters.read({ $0[key] }) { return counter }
        let counter = make()
        counters.write { $0[key] = counter }
        return counter
    }

    /// Status and method packed into one integer, which hashes far faster than a label dictionary.
    private static func counterKey(method: String, status: Int) -> Int {
        let index =
            switch method {
            case "GET": 0
            case "HEAD": 1
            case "POST": 2
            case "PUT": 3
            case "PATCH": 4
            case "DELETE": 5
            case "OPTIONS": 6
            default: 7
            }
        return status << 3 | index
    }
}

/// The `RouteState` of each router entry, by the entry's slot, plus one for unmatched requests.
final class RouteStates: Sendable {
    private let states = ReadWriteLock<[RouteState?]>([])
    private let unmatchedState = ReadWriteLock<RouteState?>(nil)

    /// The state for `slot`, from `make` on the first request of that entry.
    func state(slot: Int, make: () -> RouteState) -> RouteState {
        if let state = states.read({ slot < $0.count ? $0[slot] : nil }) { return state }
        let state = make()
        return states.write { states in
            if states.count <= slot { states.append(contentsOf: repeatElement(nil, count: slot + 1 - states.count)) }
            if let existing = states[slot] { return existing }
            states[slot] = state
            return state
        }
    }

    /// The state shared by requests no route matched, from `make` on first use.
    func unmatched(make: () -> RouteState) -> RouteState {
        if let state = unmatchedState.read({ $0 }) { return state }
        let state = make()
        return unmatchedState.write { existing in
            if let existing { return existing }
            existing = state
            return state
        }
    }
}
