import PHIGuardCore

extension Problem {
    /// The MIME type of a rendered problem.
    public static let contentType = "application/problem+json"

    /// 405: the path exists, the method does not.
    public static func methodNotAllowed(_ detail: String = "This method is not allowed on this path.") -> Problem {
        Problem(status: 405, title: "Method Not Allowed", detail: detail)
    }

    /// 413: the body is over the configured limit.
    public static func contentTooLarge(_ detail: String = "The request body is too large.") -> Problem {
        Problem(status: 413, title: "Content Too Large", detail: detail)
    }

    /// 500 with a generic detail: what went wrong is logged, never shown.
    public static func internalError() -> Problem {
        Problem(status: 500, title: "Internal Server Error", detail: "The server could not answer this request.")
    }

    /// The problem as an `application/problem+json` answer, stamped with the request path and id.
    public func response(instance: String?, requestID: String?) -> HTTPResponse {
        var stamped = self
        stamped.instance = instance ?? stamped.instance
        stamped.requestID = requestID ?? stamped.requestID
        var headers = HTTPHeaders()
        headers.set("Content-Type", Self.contentType)
        let body =
            (try? JSON.encode(stamped))
            ?? Array(#"{"status":500,"title":"Internal Server Error","type":"about:blank"}"#.utf8)
        return HTTPResponse(status: status, headers: headers, body: body)
    }
}
