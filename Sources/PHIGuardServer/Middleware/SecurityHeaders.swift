import PHIGuardHTTP

/// Headers every answer carries: a strict Content-Security-Policy with no inline script or style, no framing,
/// no referrer, no sniffing, no caching of PHI-bearing pages, and HSTS on TLS.
struct SecurityHeaders: HTTPMiddleware {
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        + "base-uri 'none'"

    /// Handlers never set these, so they are appended without a search; the pipeline adds
    /// `X-Content-Type-Options` and the `Cache-Control` default to every answer, problems included.
    func handle(_ request: HTTPRequest, next: HTTPHandler) throws -> HTTPResponse {
        var response = try next(request)
        response.headers.add("Content-Security-Policy", Self.contentSecurityPolicy)
        response.headers.add("X-Frame-Options", "DENY")
        response.headers.add("Referrer-Policy", "no-referrer")
        if request.isSecure { response.headers.add("Strict-Transport-Security", "max-age=31536000") }
        return response
    }
}
