import Foundation
import PHIGuardHTTP

/// Fields of an `application/x-www-form-urlencoded` body.
struct FormData {
    private var fields: [String: String] = [:]

    /// Parses a body; a field that appears twice keeps its first value.
    init(_ body: [UInt8]) {
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
            if fields[name] == nil { fields[name] = value }
        }
    }

    subscript(_ name: String) -> String? { fields[name] }

    /// The value, or a 400 problem naming the missing field.
    func required(_ name: String) throws -> String {
        guard let value = fields[name], !value.isEmpty else {
            throw Problem.badRequest("The form field \(name) is required.")
        }
        return value
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

/// Reading and writing cookies.
enum Cookies {
    /// The value of a cookie in the request's `Cookie` header.
    static func value(_ name: String, in request: HTTPRequest) -> String? {
        guard let header = request.headers["Cookie"] else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == name { return String(pair[1]) }
        }
        return nil
    }

    /// A `Set-Cookie` value: HttpOnly and SameSite=Strict always, Secure on TLS connections.
    static func header(_ name: String, _ value: String, secure: Bool, maxAge: Int? = nil) -> String {
        var text = "\(name)=\(value); Path=/; HttpOnly; SameSite=Strict"
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if secure { text += "; Secure" }
        return text
    }
}
