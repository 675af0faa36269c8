import PHIGuardCore

/// An RFC 9457 problem details answer. Thrown by handlers, rendered as `application/problem+json`.
///
/// `detail` is shown to the caller: write it without PHI or secrets.
public struct Problem: Error, Sendable, Encodable {
    /// A URI naming the problem type; `about:blank` when the status says it all.
    public var type: String
    /// A short summary of the problem type, the same for every occurrence.
    public var title: String
    /// The HTTP status code.
    public var status: Int
    /// An explanation of this occurrence, shown to the caller.
    public var detail: String?
    /// The request path, so a caller can match an answer to a request.
    public var instance: String?
    /// Field-level errors for invalid input: each names a JSON pointer and what is wrong.
    public var errors: [FieldError]?
    /// The request id, echoed for support.
    public var requestID: String?

    /// Creates a problem.
    public init(
        status: Int,
        title: String,
        detail: String? = nil,
        type: String = "about:blank",
        errors: [FieldError]? = nil
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.errors = errors
    }

    /// One invalid field: a JSON pointer (`/events/3/action`) and what is wrong, without echoing the value.
    public typealias FieldError = FieldProblem

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, instance, errors
        case requestID = "request_id"
    }
}

extension Problem {
    /// 400: the input is malformed.
    public static func badRequest(_ detail: String, errors: [FieldError]? = nil) -> Problem {
        Problem(status: 400, title: "Bad Request", detail: detail, errors: errors)
    }
    /// 401: the caller is not authenticated.
    public static func unauthorized(_ detail: String = "Authentication is required.") -> Problem {
        Problem(status: 401, title: "Unauthorized", detail: detail)
    }
    /// 403: the caller is authenticated but not allowed.
    public static func forbidden(_ detail: String) -> Problem {
        Problem(status: 403, title: "Forbidden", detail: detail)
    }
    /// 404: nothing at this path.
    public static func notFound(_ detail: String = "No resource at this path.") -> Problem {
        Problem(status: 404, title: "Not Found", detail: detail)
    }
    /// 409: the request conflicts with the current state.
    public static func conflict(_ detail: String) -> Problem {
        Problem(status: 409, title: "Conflict", detail: detail)
    }
    /// 422: well-formed input that fails validation.
    public static func unprocessable(_ detail: String, errors: [FieldError]? = nil) -> Problem {
        Problem(status: 422, title: "Unprocessable Content", detail: detail, errors: errors)
    }
    /// 503: a dependency is down; the caller may retry later.
    public static func unavailable(_ detail: String) -> Problem {
        Problem(status: 503, title: "Service Unavailable", detail: detail)
    }
}
