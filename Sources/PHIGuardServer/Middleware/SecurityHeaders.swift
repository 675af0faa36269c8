import PHIGuardHTTP

/// Headers every answer carries: a strict Content-Security-Policy with no inline script or style, no framing,
/// no referrer, no sniffing, no caching of PHI-bearing pages, and HSTS on TLS.
struct SecurityHeaders: HTTPMiddleware {
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        + "base-uri 'none'"

    func handle(_ request: HTTPRequest, next: HTTPHandler) throws -> HTTPResponse {
        var response = try next(request)
        response.headers.set("Content-Security-Policy", Self.contentSecurityPolicy)
        response.headers.set("X-Frame-Options", "DENY")
        response.headers.set("Referrer-Policy", "no-referrer")
        response.headers.set("X-Content-Type-Options", "nosniff")
        if response.headers["Cache-Control"] == nil { response.headers.set("Cache-Control", "no-store") }
        if request.isSecure { response.headers.set("Strict-Transport-Security", "max-age=31536000") }
        return response
    }
}
