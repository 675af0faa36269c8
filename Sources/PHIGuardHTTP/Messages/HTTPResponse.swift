import Foundation
import PHIGuardCore

/// A complete response: status, headers and body.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields; `Content-Length` is set by the server.
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON answer from an `Encodable` value, encoded with the shared settings.
    public static func json<T: Encodable>(_ value: T, status: Int = 200) throws -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: headers, body: try JSON.encode(value))
    }

    /// A JSON answer from bytes the caller wrote (with `JSONWriter` on hot paths).
    public static func json(encoded body: [UInt8], status: Int = 200) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    /// A plain-text answer.
    public static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8")
        -> HTTPResponse
    {
        var headers = HTTPHeaders()
        headers.set("Content-Type", contentType)
        return HTTPResponse(status: status, headers: headers, body: Array(text.utf8))
    }

    /// An HTML page.
    public static func html(_ html: String, status: Int = 200) -> HTTPResponse {
        text(html, status: status, contentType: "text/html; charset=utf-8")
    }

    /// A redirect (303 See Other by default, the right answer after a form POST).
    public static func redirect(to location: String, status: Int = 303) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Location", location)
        return HTTPResponse(status: status, headers: headers)
    }
}
