import Foundation
import PHIGuardCore
import PHIGuardIdentity
import PHIGuardServer
import Testing

/// Bad input gets a clear 4xx problem+json and changes nothing.
@Suite("Bad input")
struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let method: String
        let path: String
        let body: String?
        let status: Int
        var testDescription: String { name }
    }

    /// An oversize body is not among these: the server answers 413 before reading it, so a client still
    /// sending may see its connection closed instead of the answer. `oversizeBody` reads the answer from a
    /// raw socket instead.
    static let cases: [Case] = [
        Case(
            name: "malformed JSON", method: "POST", path: "/api/v1/tokens", body: #"{"name": "x", "scopes": ["#,
            status: 400),
        Case(
            name: "wrong type", method: "POST", path: "/api/v1/tokens", body: #"{"name": 5, "scopes": []}"#, status: 400
        ),
        Case(
            name: "missing field", method: "POST", path: "/api/v1/tokens", body: #"{"scopes": ["status:read"]}"#,
            status: 400),
        Case(
            name: "unknown scope", method: "POST", path: "/api/v1/tokens", body: #"{"name": "x", "scopes": ["root"]}"#,
            status: 422),
        Case(
            name: "expiry out of range", method: "POST", path: "/api/v1/tokens",
            body: #"{"name": "x", "scopes": ["status:read"], "expires_in_days": -1}"#, status: 422),
        Case(
            name: "empty name", method: "POST", path: "/api/v1/tokens",
            body: #"{"name": " ", "scopes": ["status:read"]}"#, status: 422),
        Case(name: "unknown route", method: "GET", path: "/api/v1/nothing-here", body: nil, status: 404),
        Case(name: "wrong method", method: "PUT", path: "/api/v1/tokens", body: "{}", status: 405),
        Case(
            name: "unknown token id", method: "DELETE", path: "/api/v1/tokens/0123456789abcdef", body: nil, status: 404),
    ]

    @Test("each gets the right problem answer and nothing changes", arguments: cases)
    func rejected(_ input: Case) async throws {
        let instance = try TestInstance()
        let manager = try instance.token([.tokensManage, .statusRead])
        let before = try instance.application.context.tokens.list()
        let answer = try await instance.send(
            input.method, input.path, body: input.body.map { Array($0.utf8) },
            headers: ["Authorization": "Bearer \(manager)", "Content-Type": "application/json"])
        #expect(answer.status == input.status)
        #expect(answer.headers["content-type"] == "application/problem+json")
        let problem = try TestInstance.object(answer.body)
        #expect(problem["status"] as? Int == input.status)
        #expect(problem["title"] is String)
        if input.status == 405 { #expect(answer.headers["allow"] != nil) }
        #expect(try instance.application.context.tokens.list() == before)
    }

    @Test("a body over the limit is refused with 413 before it is read, and nothing changes")
    func oversizeBody() throws {
        let instance = try TestInstance()
        let manager = try instance.token([.tokensManage])
        let before = try instance.application.context.tokens.list()
        let answer = try RawHTTP.exchange(
            port: try #require(instance.server.port),
            "POST /api/v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(manager)\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1100000\r\n\r\n{\"name\":")
        #expect(answer.hasPrefix("HTTP/1.1 413"))
        #expect(answer.lowercased().contains("content-type: application/problem+json"))
        #expect(try instance.application.context.tokens.list() == before)
    }

    @Test("a wrong type names the field")
    func wrongTypeNamesTheField() async throws {
        let instance = try TestInstance()
        let manager = try instance.token([.tokensManage])
        let answer = try await instance.send(
            "POST", "/api/v1/tokens", body: Array(#"{"name": "x", "scopes": "status:read"}"#.utf8),
            headers: ["Authorization": "Bearer \(manager)", "Content-Type": "application/json"])
        #expect(answer.status == 400)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("/scopes"))
    }
}
