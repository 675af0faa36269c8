/// Code that runs around every request: it may inspect or change the request, answer early, or adjust the answer.
///
/// Middleware is composed in the order given to the server, the first outermost, around the router.
public protocol HTTPMiddleware: Sendable {
    /// Handles `request`, calling `next` to pass it inward.
    /// - Throws: a `Problem` for a client-visible refusal; anything else becomes a 500 answer.
    func handle(_ request: HTTPRequest, next: HTTPHandler) throws -> HTTPResponse
}

extension Array where Element == any HTTPMiddleware {
    /// One handler running every middleware in order around `endpoint`.
    func composed(around endpoint: @escaping HTTPHandler) -> HTTPHandler {
        guard !isEmpty else { return endpoint }
        return reversed().reduce(endpoint) { next, middleware in
            { request in try middleware.handle(request, next: next) }
        }
    }
}
