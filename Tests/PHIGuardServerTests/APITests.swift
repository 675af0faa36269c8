import Foundation
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardIdentity
import PHIGuardServer
import Testing

@Suite("HTTP API")
struct APITests {
    @Test("health, readiness and metrics answer")
    func systemEndpointsAnswer() async throws {
        let instance = try TestInstance()
        let health = try await instance.send("GET", "/healthz")
        #expect(health.status == 200)
        let ready = try await instance.send("GET", "/readyz")
        #expect(ready.status == 200)
        #expect(try TestInstance.object(ready.body)["store_reachable"] as? Bool == true)
        let metrics = try await instance.send("GET", "/metrics")
        let text = String(decoding: metrics.body, as: UTF8.self)
        #expect(text.contains("phiguard_http_requests_total{"))
        #expect(text.contains("route=\"/healthz\""))
        #expect(text.contains("phiguard_http_request_duration_seconds_bucket"))
        #expect(text.contains("phiguard_store_operation_duration_seconds"))
    }

    @Test("the OpenAPI document lists every API route the server really has")
    func openAPIMatchesTheRoutes() async throws {
        let instance = try TestInstance()
        let answer = try await instance.send("GET", "/api/v1/openapi.json")
        let document = try TestInstance.object(answer.body)
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let apiRoutes = instance.application.routes.filter(\.isAPI)
        #expect(apiRoutes.count >= 8)
        for route in apiRoutes {
            #expect(paths[route.pattern]?[route.method.lowercased()] != nil, "missing \(route.method) \(route.pattern)")
        }
        let documented = paths.values.map(\.count).reduce(0, +)
        #expect(documented == apiRoutes.count)
    }

    @Test("the status endpoint wants a valid bearer token with the right scope")
    func statusNeedsAToken() async throws {
        let instance = try TestInstance()
        let none = try await instance.send("GET", "/api/v1/status")
        #expect(none.status == 401)
        #expect(none.headers["content-type"] == "application/problem+json")
        let wrong = try instance.token([.auditRead])
        let forbidden = try await instance.send("GET", "/api/v1/status", headers: ["Authorization": "Bearer \(wrong)"])
        #expect(forbidden.status == 403)
        let right = try instance.token([.statusRead])
        let ok = try await instance.send("GET", "/api/v1/status", headers: ["Authorization": "Bearer \(right)"])
        #expect(ok.status == 200)
        #expect(try TestInstance.object(ok.body)["instance_id"] as? String == instance.application.context.instance.id)
        let forged = right.dropLast(2) + "xx"
        let bad = try await instance.send("GET", "/api/v1/status", headers: ["Authorization": "Bearer \(forged)"])
        #expect(bad.status == 401)
    }

    @Test("a created token is shown once, works, and stops working when revoked")
    func tokenLifecycle() async throws {
        let instance = try TestInstance()
        let manager = try instance.token([.tokensManage, .statusRead])
        let auth = ["Authorization": "Bearer \(manager)", "Content-Type": "application/json"]
        let body = Array(#"{"name": "EHR probe", "scopes": ["status:read"], "expires_in_days": 30}"#.utf8)
        let created = try await instance.send("POST", "/api/v1/tokens", body: body, headers: auth)
        #expect(created.status == 201)
        let object = try TestInstance.object(created.body)
        let secret = try #require(object["secret"] as? String)
        let id = try #require((object["token"] as? [String: Any])?["id"] as? String)

        let listed = try await instance.send("GET", "/api/v1/tokens", headers: auth)
        #expect(!String(decoding: listed.body, as: UTF8.self).contains(secret))
        let stored = try instance.application.context.store.read { try $0.query("SELECT * FROM api_tokens") }
        #expect(!stored.contains { $0.values.contains(.text(secret)) })

        let use = try await instance.send("GET", "/api/v1/status", headers: ["Authorization": "Bearer \(secret)"])
        #expect(use.status == 200)
        let revoked = try await instance.send("DELETE", "/api/v1/tokens/\(id)", headers: auth)
        #expect(revoked.status == 200)
        let after = try await instance.send("GET", "/api/v1/status", headers: ["Authorization": "Bearer \(secret)"])
        #expect(after.status == 401)
    }

    @Test("a token cannot grant a scope it lacks")
    func noScopeEscalation() async throws {
        let instance = try TestInstance()
        let manager = try instance.token([.tokensManage])
        let body = Array(#"{"name": "sneaky", "scopes": ["authorize"]}"#.utf8)
        let answer = try await instance.send(
            "POST", "/api/v1/tokens", body: body,
            headers: ["Authorization": "Bearer \(manager)", "Content-Type": "application/json"])
        #expect(answer.status == 422)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("/scopes/0"))
    }

    @Test("the request id is echoed when given and generated when not")
    func requestIDs() async throws {
        let instance = try TestInstance()
        let given = try await instance.send("GET", "/healthz", headers: ["X-Request-Id": "ehr-trace-42"])
        #expect(given.headers["x-request-id"] == "ehr-trace-42")
        let generated = try await instance.send("GET", "/healthz")
        #expect(generated.headers["x-request-id"]?.count == 32)
    }
}

@Suite("API tokens")
struct TokenServiceTests {
    @Test("a revoked token stops working at once on the node that revoked it, despite the cache")
    func revocationBeatsTheCache() throws {
        let instance = try TestInstance()
        let tokens = instance.application.context.tokens
        let created = try tokens.create(name: "ehr", scopes: [.authorize], expiresAt: nil, createdBy: "test")
        _ = try tokens.authenticate(created.secret, requiring: .authorize)
        try tokens.revoke(id: created.token.id)
        #expect(throws: PHIGuardError.self) { try tokens.authenticate(created.secret, requiring: .authorize) }
    }

    @Test("a token of the wrong shape or with one changed character is refused")
    func malformedTokens() throws {
        let instance = try TestInstance()
        let tokens = instance.application.context.tokens
        let secret = try tokens.create(name: "ehr", scopes: [.authorize], expiresAt: nil, createdBy: "test").secret
        let id = String(secret.dropFirst(4).prefix(16))
        let tail = String(secret.dropFirst(21))
        let changedLast = String(secret.dropLast()) + (secret.hasSuffix("A") ? "B" : "A")
        for text in [
            "", "phg_", "phx_\(id)_\(tail)", "phg_\(id.dropFirst())_\(tail)", "phg_\(id)_", "phg_\(id)-\(tail)",
            "phg_\(id.prefix(8))_\(id.dropFirst(8))_\(tail)", changedLast, secret + String(repeating: "x", count: 80),
            "phg_\(id.dropFirst())é_\(tail)",
        ] {
            #expect(throws: PHIGuardError.self, "\(text.count) characters") {
                try tokens.authenticate(text, requiring: .authorize)
            }
        }
        _ = try tokens.authenticate(secret, requiring: .authorize)
    }

    @Test("an expired token is refused")
    func expiry() throws {
        let clock = ManualWallClock()
        let instance = try TestInstance()
        let tokens = TokenService(store: instance.application.context.store, clock: clock)
        let created = try tokens.create(
            name: "short", scopes: [.auditWrite], expiresAt: clock.now().addingTimeInterval(60), createdBy: "test")
        _ = try tokens.authenticate(created.secret, requiring: .auditWrite)
        clock.advance(by: 61)
        #expect(throws: PHIGuardError.self) { try tokens.authenticate(created.secret, requiring: .auditWrite) }
    }
}
