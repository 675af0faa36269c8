import Foundation
import PHIGuardCore
import PHIGuardHTTP
import Synchronization
import Testing

@Suite("HTTP server")
struct HTTPServerTests {
    struct Failure: Error {}

    /// Counts handler runs across threads.
    final class CallCount: Sendable {
        private let count = Atomic<Int>(0)
        func record() { count.add(1, ordering: .relaxed) }
        var value: Int { count.load(ordering: .relaxed) }
    }

    struct NewPatient: Decodable {
        var name: String
        var age: Int
    }

    static func router(handlerRuns: CallCount? = nil) -> Router {
        let router = Router()
        router.get("/patients/{id}/notes/{note}", summary: "A note") { request in
            try .json(request.pathParameters)
        }
        router.get("/patients/me", summary: "The caller") { _ in .text("me") }
        router.get("/search", summary: "Search") { request in try .json(request.query) }
        router.post("/patients", summary: "Create") { request in
            let patient = try request.decode(NewPatient.self)
            return try .json(["age": patient.age], status: 201)
        }
        router.post("/upload", summary: "Upload") { request in
            handlerRuns?.record()
            return .text("\(request.body.count)")
        }
        router.get("/boom", summary: "Fails") { _ in
            throw PHIGuardError(.storeUnavailable, "database is down", underlying: Failure())
        }
        router.get("/cached", summary: "Caches") { _ in
            var response = HTTPResponse.text("public")
            response.headers.set("Cache-Control", "max-age=60")
            return response
        }
        return router
    }

    @Test("path parameters reach the handler, percent-decoded")
    func pathParameters() throws {
        let server = try TestServer(router: Self.router())
        defer { server.stop() }
        let response = try server.client().request("GET", "/patients/p%2F1/notes/n%201")
        #expect(response.status == 200)
        let object = try response.json()
        #expect(object["id"] as? String == "p/1")
        #expect(object["note"] as? String == "n 1")
        #expect(try server.client().request("GET", "/patients/me").text == "me")
    }

    @Test("query items are decoded with plus as space")
    func queryItems() throws {
        let server = try TestServer(router: Self.router())
        defer { server.stop() }
        let object = try server.client().request("GET", "/search?q=a+b%26c&empty=").json()
        #expect(object["q"] as? String == "a b&c")
        #expect(object["empty"] as? String == "")
    }

    @Test("an unknown path is a 404 problem with instance and request id")
    func notFound() throws {
        let server = try TestServer(router: Self.router())
        defer { server.stop() }
        let response = try server.client().request("GET", "/nowhere?x=1")
        #expect(response.status == 404)
        #expect(response.headers["content-type"] == "application/problem+json")
        let object = try response.json()
        #expect(object["status"] as? Int == 404)
        #expect(object["title"] as? String == "Not Found")
        #expect(object["instance"] as? String == "/nowhere")
        #expect(object["request_id"] as? String == response.headers["x-request-id"])
    }

    @Test("a wrong method is a 405 problem with Allow")
    func methodNotAllowed() throws {
        let server = try TestServer(router: Self.router())
        defer { server.stop() }
        let response = try server.client().request("DELETE", "/patients/me")
        #expect(response.status == 405)
        #expect(response.headers["allow"] == "GET, HEAD")
        #expect(response.headers["content-type"] == "application/problem+json")
        #expect(try response.json()["status"] as? Int == 405)
    }

    @Test("malformed JSON is a 400 problem and a wrong type names the field")
    func malformedJSON() throws {
        let server = try TestServer(router: Self.router())
        defer { server.stop() }
        let client = try server.client()
        let broken = try client.request("POST", "/patients", body: "{\"name\":")
        #expect(broken.status == 400)
        #expect(broken.headers["content-type"] == "application/problem+json")
        let wrong = try client.request("POST", "/patients", body: #"{"name":"A","age":"old"}"#)
        #expect(wrong.status == 400)
        let errors = try #require(try wrong.json()["errors"] as? [[String: String]])
        #expect(errors.first?["pointer"] == "/age")
        let created = try client.request("POST", "/patients", body: #"{"name":"A","age":3}"#)
        #expect(created.status == 201)
    }

    @Test("an unexpected error is a generic 500 and is logged by code only")
    func internalError() throws {
        let server = try TestServer(router: Self.router())
        defer { server.stop() }
        let response = try server.client().request("GET", "/boom")
        #expect(response.status == 500)
        #expect(!response.text.contains("database"))
        #expect(!response.text.contains("Failure"))
        #expect(server.logs.text.contains("\"error.code\":\"store.unavailable\""))
        #expect(server.logs.text.contains("request handler failed"))
    }

    @Test(
        "the caller's request id is echoed, a missing or invalid one is replaced",
        arguments: [
            ("abc-123", true), ("", false), ("has space", false), (String(repeating: "x", count: 200), false),
        ])
    func requestID(given: String, echoed: Bool) throws {
        let server = try TestServer(router: Self.router())
        defer { server.stop() }
        let headers = given.isEmpty ? [] : [("X-Request-Id", given)]
        let response = try server.client().request("GET", "/patients/me", headers: headers)
        let id = try #require(response.headers["x-request-id"])
        if echoed {
            #expect(id == given)
        } else {
            #expect(id != given)
            #expect(id.count == 32)
        }
    }

    @Test("every answer says nosniff and no-store unless the handler chose caching")
    func commonHeaders() throws {
        let server = try TestServer(router: Self.router())
        defer { server.stop() }
        let client = try server.client()
        let plain = try client.request("GET", "/patients/me")
        #expect(plain.headers["x-content-type-options"] == "nosniff")
        #expect(plain.headers["cache-control"] == "no-store")
        #expect(try client.request("GET", "/cached").headers["cache-control"] == "max-age=60")
        #expect(try client.request("GET", "/nowhere").headers["cache-control"] == "no-store")
    }

    @Test("two requests share one keep-alive connection")
    func keepAlive() throws {
        let server = try TestServer(router: Self.router())
        defer { server.stop() }
        let client = try server.client()
        #expect(try client.request("GET", "/patients/me").status == 200)
        #expect(try client.request("POST", "/patients", body: #"{"name":"B","age":5}"#).status == 201)
        #expect(try client.request("HEAD", "/patients/me").status == 200)
        #expect(try client.request("GET", "/nowhere").status == 404)
        #expect(try client.request("GET", "/patients/me").text == "me")
    }

    @Test("metrics carry the route pattern, never the raw path, and one debug line per request")
    func metricsAndLogs() throws {
        let server = try TestServer(router: Self.router())
        defer { server.stop() }
        let client = try server.client()
        _ = try client.request("GET", "/patients/p-77/notes/n-9")
        _ = try client.request("GET", "/patients/p-78/notes/n-9")
        _ = try client.request("GET", "/secret-id-4242?name=Jane")
        let text = server.metrics.render()
        #expect(
            text.contains(
                #"phiguard_http_requests_total{method="GET",route="/patients/{id}/notes/{note}",status="200"} 2"#))
        #expect(text.contains(#"phiguard_http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
        #expect(text.contains(#"phiguard_http_request_duration_seconds_count{route="/patients/{id}/notes/{note}"} 2"#))
        #expect(!text.contains("p-77"))
        #expect(!text.contains("secret-id"))
        let lines = server.logs.rendered.filter { $0.contains("request answered") }
        #expect(lines.count == 3)
        #expect(!server.logs.text.contains("Jane"))
        #expect(!server.logs.text.contains("p-77"))
        #expect(lines.first?.contains("\"http.route\":\"/patients/{id}/notes/{note}\"") == true)
    }

    @Test("middleware runs in order around the router and sees the matched route")
    func middlewareOrder() throws {
        struct Tag: HTTPMiddleware {
            var name: String
            func handle(_ request: HTTPRequest, next: HTTPHandler) throws -> HTTPResponse {
                var response = try next(request)
                let seen = response.headers["X-Trail"].map { "\($0)," } ?? ""
                response.headers.set("X-Trail", seen + name + ":" + (request.route?.pattern ?? "-"))
                return response
            }
        }
        struct Gate: HTTPMiddleware {
            func handle(_ request: HTTPRequest, next: HTTPHandler) throws -> HTTPResponse {
                guard request.headers["Authorization"] != nil else { throw Problem.unauthorized() }
                return try next(request)
            }
        }
        let server = try TestServer(
            router: Self.router(), middleware: [Tag(name: "outer"), Gate(), Tag(name: "inner")])
        defer { server.stop() }
        let client = try server.client()
        let allowed = try client.request("GET", "/patients/me", headers: [("Authorization", "x")])
        #expect(allowed.headers["x-trail"] == "inner:/patients/me,outer:/patients/me")
        let refused = try client.request("GET", "/patients/me")
        #expect(refused.status == 401)
        #expect(refused.headers["content-type"] == "application/problem+json")
    }
}
