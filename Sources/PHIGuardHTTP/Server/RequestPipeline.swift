import PHIGuardCore

/// Turns a read request into an answer: request id, routing, middleware, error rendering, common headers, metrics
/// and the per-request log line. Free of libmicrohttpd, so it can be tested without sockets.
struct RequestPipeline: Sendable {
    let router: Router
    let middleware: [any HTTPMiddleware]
    let logger: Logger
    let metrics: MetricsRegistry
    /// What each matched route needs on every request, built on its first request.
    let routeStates = RouteStates()

    /// The route label for requests no route matched; the raw path is never a label, it can carry ids.
    static let unmatchedRoute = "unmatched"

    /// Answers `request`. With `rejection`, the handler is skipped and the problem is the answer (a body too large).
    func respond(to incoming: HTTPRequest, rejecting rejection: Problem? = nil) -> HTTPResponse {
        let start = ContinuousClock.now
        var request = incoming
        request.requestID = Self.requestID(from: request.headers)

        let (match, slot) = router.resolve(method: request.method, path: request.path)
        var state: RouteState
        if case .found(let route, let parameters, let handler) = match, let slot {
            request.route = route
            request.pathParameters = parameters
            state = routeStates.state(slot: slot) { makeState(label: route.pattern, handler: handler) }
        } else {
            state = routeStates.unmatched { makeState(label: Self.unmatchedRoute, handler: nil) }
        }

        var response: HTTPResponse
        if let rejection {
            response = rejection.response(instance: request.path, requestID: request.requestID)
        } else {
            response = run(request, match: match, state: state)
        }
        Self.addCommonHeaders(to: &response, requestID: request.requestID)

        record(request, state: state, status: response.status, elapsed: ContinuousClock.now - start)
        return response
    }

    private func makeState(label: String, handler: HTTPHandler?) -> RouteState {
        RouteState(
            label: label, handler: handler.map { middleware.composed(around: $0) },
            duration: metrics.histogram(
                "phiguard_http_request_duration_seconds", help: "Time to answer an HTTP request, by route pattern.",
                labels: ["route": label]))
    }

    private func run(_ request: HTTPRequest, match: RouteMatch, state: RouteState) -> HTTPResponse {
        let endpoint: HTTPHandler
        switch match {
        case .found(_, _, let handler):
            endpoint = state.handler ?? middleware.composed(around: handler)
        case .methodNotAllowed(let allowed):
            endpoint = middleware.composed { request in
                var response = Problem.methodNotAllowed().response(instance: request.path, requestID: request.requestID)
                response.headers.set("Allow", allowed.joined(separator: ", "))
                return response
            }
        case .notFound:
            endpoint = middleware.composed { _ in throw Problem.notFound() }
        }

        do {
            return try endpoint(request)
        } catch let problem as Problem {
            return problem.response(instance: request.path, requestID: request.requestID)
        } catch {
            var metadata = Logger.errorMetadata(error)
            metadata[.requestID] = .string(request.requestID)
            metadata[.httpRoute] = .string(state.label)
            logger.error("request handler failed", metadata)
            return Problem.internalError().response(instance: request.path, requestID: request.requestID)
        }
    }

    /// The caller's `X-Request-Id` when it is acceptable, else a fresh random one.
    static func requestID(from headers: HTTPHeaders) -> String {
        if let given = headers["X-Request-Id"], Identifier.isAcceptableRequestID(given) { return given }
        return Identifier.requestID()
    }

    /// Headers every answer carries: the request id, no MIME sniffing, and no caching unless the handler says so.
    static func addCommonHeaders(to response: inout HTTPResponse, requestID: String) {
        response.headers.set("X-Request-Id", requestID)
        response.headers.set("X-Content-Type-Options", "nosniff")
        if response.headers["Cache-Control"] == nil {
            response.headers.set("Cache-Control", "no-store")
        }
    }

    private func record(_ request: HTTPRequest, state: RouteState, status: Int, elapsed: Duration) {
        let method = Self.methodLabel(request.method)
        state.requests(method: method, status: status) {
            metrics.counter(
                "phiguard_http_requests_total", help: "HTTP requests answered, by route pattern, method and status.",
                labels: ["route": state.label, "method": method, "status": String(status)])
        }.increment()
        state.duration.observe(elapsed)

        guard logger.isEnabled(.debug) else { return }
        let (seconds, attoseconds) = elapsed.components
        logger.debug(
            "request answered",
            [
                .httpMethod: .string(method), .httpRoute: .string(state.label), .httpStatus: .int(status),
                .durationMilliseconds: .double(Double(seconds) * 1e3 + Double(attoseconds) / 1e15),
                .requestID: .string(request.requestID),
            ])
    }

    /// The method as a metric label: standard methods as sent, anything else folded so labels stay bounded.
    static func methodLabel(_ method: String) -> String {
        switch method {
        case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS": method
        default: "OTHER"
        }
    }
}
