import Foundation
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardIdentity

/// Health, readiness, metrics, the OpenAPI document and instance status.
struct SystemRoutes {
    let context: ServerContext

    func register(on router: Router) {
        // The liveness answer never changes: it is encoded once.
        let alive = try? HTTPResponse.json(["status": "ok", "version": PHIGuardVersion.current])
        router.add(RouteDescription(method: "GET", pattern: "/healthz", summary: "The process is alive")) { _ in
            guard let alive else { throw Problem(status: 500, title: "Internal Server Error") }
            return alive
        }
        router.add(RouteDescription(method: "GET", pattern: "/readyz", summary: "The store is reachable")) { _ in
            let health = context.health()
            guard health.storeReachable else {
                throw Problem.unavailable("The store is not reachable; PHIGuard cannot serve requests that need it.")
            }
            guard health.ledgerWritable else {
                throw Problem.unavailable("The audit ledger cannot write durably; requests that need it are refused.")
            }
            return try .json(health)
        }
        router.add(RouteDescription(method: "GET", pattern: "/metrics", summary: "Prometheus metrics")) { _ in
            .text(context.metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.add(
            RouteDescription(method: "GET", pattern: "/api/v1/openapi.json", summary: "This API as OpenAPI 3.1")
        ) { _ in
            var response = HTTPResponse(body: OpenAPIDocument.render(routes: router.routes))
            response.headers.set("Content-Type", "application/json")
            return response
        }
        router.add(
            RouteDescription(
                method: "GET", pattern: "/api/v1/status", summary: "Instance status for a machine client",
                tag: "instance")
        ) { request in
            _ = try context.authenticate(request, scope: .statusRead)
            return try context.statusAnswer()
        }
    }
}

/// The body of `GET /api/v1/status`.
struct InstanceStatus: Encodable {
    let version: String
    let instanceID: String
    let origin: String
    let health: ServerContext.Health
    let startedAt: Date

    enum CodingKeys: String, CodingKey {
        case version, origin, health
        case instanceID = "instance_id"
        case startedAt = "started_at"
    }
}

extension ServerContext {
    /// The status answer, encoded at most once a second (the health it reports is checked that often anyway).
    func statusAnswer(now: Date = Date()) throws -> HTTPResponse {
        if let cached = statusCache.value(maximumAge: 1, now: now) { return cached }
        let response = try HTTPResponse.json(
            InstanceStatus(
                version: PHIGuardVersion.current, instanceID: instance.id, origin: instance.origin, health: health(),
                startedAt: startedAt))
        statusCache.store(response, at: now)
        return response
    }
}
