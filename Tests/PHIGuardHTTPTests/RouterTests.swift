import PHIGuardHTTP
import Testing

@Suite("Router")
struct RouterTests {
    private func router() -> Router {
        let router = Router()
        let ok: HTTPHandler = { _ in HTTPResponse() }
        router.get("/patients/{id}", summary: "One patient", ok)
        router.get("/patients/me", summary: "The caller", ok)
        router.delete("/patients/{id}", summary: "Remove", ok)
        router.post("/patients", summary: "Create", ok)
        router.get("/", summary: "Root", ok)
        return router
    }

    @Test("a literal segment beats a parameter")
    func literalBeatsParameter() throws {
        guard case .found(let route, let parameters, _) = router().match(method: "GET", path: "/patients/me") else {
            Issue.record("expected a match")
            return
        }
        #expect(route.pattern == "/patients/me")
        #expect(parameters.isEmpty)
    }

    @Test("parameters are percent-decoded per segment")
    func parametersDecoded() throws {
        guard case .found(let route, let parameters, _) = router().match(method: "GET", path: "/patients/a%2Fb%20c")
        else {
            Issue.record("expected a match")
            return
        }
        #expect(route.pattern == "/patients/{id}")
        #expect(parameters == ["id": "a/b c"])
    }

    @Test("a method missing on the literal falls back to the parameter route")
    func methodFallsBackToParameter() {
        guard case .found(let route, let parameters, _) = router().match(method: "DELETE", path: "/patients/me") else {
            Issue.record("expected a match")
            return
        }
        #expect(route.pattern == "/patients/{id}")
        #expect(parameters == ["id": "me"])
    }

    @Test("a known path with another method lists the allowed ones")
    func methodNotAllowed() {
        guard case .methodNotAllowed(let allowed) = router().match(method: "PUT", path: "/patients/7") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == ["DELETE", "GET", "HEAD"])
    }

    @Test("HEAD is answered by the GET route")
    func headUsesGet() {
        guard case .found(let route, _, _) = router().match(method: "HEAD", path: "/") else {
            Issue.record("expected a match")
            return
        }
        #expect(route.method == "GET")
    }

    @Test(
        "unknown paths, empty segments and broken escapes are not found",
        arguments: [
            "/nothing", "/patients/7/notes", "/patients/", "/patients/%zz", "/patients/%C3",
        ])
    func notFound(path: String) {
        guard case .notFound = router().match(method: "GET", path: path) else {
            Issue.record("expected 404 for \(path)")
            return
        }
    }

    @Test("routes are listed in order of registration")
    func routesListed() {
        let routes = router().routes
        #expect(routes.map(\.pattern) == ["/patients/{id}", "/patients/me", "/patients/{id}", "/patients", "/"])
        #expect(routes.map(\.method) == ["GET", "GET", "DELETE", "POST", "GET"])
    }
}
