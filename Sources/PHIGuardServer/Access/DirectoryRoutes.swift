import Foundation
import PHIGuardAccess
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardLedger
import PHIGuardPolicy

/// The entity directory decisions read: users with roles, patients with care teams and flags, records and
/// devices, in Cedar's JSON entity format and checked against the active schema. Behind `policy:manage`.
struct DirectoryRoutes {
    let context: ServerContext

    func register(on router: Router) {
        router.get("/api/v1/directory", summary: "Count directory entities by type", tag: "policies") { request in
            _ = try context.authenticate(request, scope: .policyManage)
            return try .json(["entities": try context.directory.counts()])
        }
        router.add(
            RouteDescription(
                method: "PUT", pattern: "/api/v1/directory/entities",
                summary: "Add or replace directory entities (a JSON array in Cedar's entity format)", tag: "policies")
        ) { try upsert($0) }
        router.get(
            "/api/v1/directory/entities/{type}/{id}", summary: "One directory entity", tag: "policies"
        ) { request in
            _ = try context.authenticate(request, scope: .policyManage)
            guard let json = try context.directory.json(of: try Self.uid(request)) else {
                throw Problem.notFound("No such entity in the directory.")
            }
            return HTTPResponse(headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(json))
        }
        router.add(
            RouteDescription(
                method: "DELETE", pattern: "/api/v1/directory/entities/{type}/{id}",
                summary: "Remove a directory entity", tag: "policies")
        ) { request in
            let caller = try context.authenticate(request, scope: .policyManage)
            let uid = try Self.uid(request)
            guard try context.directory.remove(uid) else { throw Problem.notFound("No such entity in the directory.") }
            try context.recordAdministrative(
                AuditAction(rawValue: "directory.remove"), eventClass: .accountManagement,
                actor: "token:\(caller.id)", resource: .init(type: "directory_entity", id: uid.type.name),
                request: request)
            return HTTPResponse(status: 204)
        }
    }

    private func upsert(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try context.authenticate(request, scope: .policyManage)
        let schema: PHIGuardPolicy.Schema
        do {
            schema = try context.policies.current().schema
        } catch let error as PHIGuardError where error.code == .noActivePolicy {
            throw Problem.unavailable("No policy version is active, so entities cannot be checked.")
        }
        let stored: [EntityUID]
        do {
            stored = try context.directory.upsert(json: Data(request.body), schema: schema)
        } catch let error as EntityBatchError {
            throw Problem.unprocessable(
                "Some entities are not valid; none was stored.",
                errors: error.problems.map { .init(pointer: $0.index.map { "/\($0)" } ?? "/", detail: $0.message) })
        }
        let types = Set(stored.map(\.type.name)).sorted().joined(separator: " ")
        try context.recordAdministrative(
            AuditAction(rawValue: "directory.update"), eventClass: .accountManagement, actor: "token:\(caller.id)",
            request: request, details: ["entities": String(stored.count), "types": types])
        return try .json(["stored": stored.count])
    }

    private static func uid(_ request: HTTPRequest) throws -> EntityUID {
        let type = request.pathParameters["type"]?.removingPercentEncoding ?? ""
        let id = request.pathParameters["id"]?.removingPercentEncoding ?? ""
        guard !type.isEmpty, !id.isEmpty else { throw Problem.notFound("Name an entity as /{type}/{id}.") }
        return EntityUID(type, id)
    }
}
