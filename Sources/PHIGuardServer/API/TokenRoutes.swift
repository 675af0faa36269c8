import Foundation
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardIdentity

/// API token management for automation, behind the `tokens:manage` scope.
struct TokenRoutes {
    let context: ServerContext

    /// The body of `POST /api/v1/tokens`.
    struct CreateRequest: Decodable {
        let name: String
        let scopes: [String]
        /// Days until expiry; 0 or absent for the default of 90, null is not accepted.
        let expiresInDays: Int?

        enum CodingKeys: String, CodingKey {
            case name, scopes
            case expiresInDays = "expires_in_days"
        }
    }

    /// The answer to a create: the token and its secret, which is never shown again.
    struct Created: Encodable {
        let token: APIToken
        let secret: String
    }

    func register(on router: Router) {
        router.add(
            RouteDescription(method: "GET", pattern: "/api/v1/tokens", summary: "List API tokens", tag: "tokens")
        ) { request in
            _ = try context.authenticate(request, scope: .tokensManage)
            return try .json(["tokens": try context.tokens.list()])
        }
        router.add(
            RouteDescription(method: "POST", pattern: "/api/v1/tokens", summary: "Create an API token", tag: "tokens")
        ) { request in
            let caller = try context.authenticate(request, scope: .tokensManage)
            let body = try request.decode(CreateRequest.self)
            let scopes = body.scopes.map { Scope(rawValue: $0) }
            var errors: [Problem.FieldError] = []
            for (index, scope) in scopes.enumerated() where !Scope.all.contains(scope) {
                errors.append(.init(pointer: "/scopes/\(index)", detail: "unknown scope"))
            }
            for (index, scope) in scopes.enumerated() where Scope.all.contains(scope) && !caller.scopes.contains(scope)
            {
                errors.append(.init(pointer: "/scopes/\(index)", detail: "a token cannot grant a scope it lacks"))
            }
            let days = body.expiresInDays ?? 90
            if !(1...3650).contains(days) {
                errors.append(.init(pointer: "/expires_in_days", detail: "must be 1 to 3650"))
            }
            guard errors.isEmpty else { throw Problem.unprocessable("The token request is not valid.", errors: errors) }
            do {
                let created = try context.tokens.create(
                    name: body.name, scopes: scopes, expiresAt: Date().addingTimeInterval(Double(days) * 86_400),
                    createdBy: "token:\(caller.id)")
                try context.recordAdministrative(
                    .tokenCreate, eventClass: .accountManagement, actor: "token:\(caller.id)",
                    resource: .init(type: "api_token", id: created.token.id), request: request,
                    details: ["scopes": scopes.map(\.rawValue).joined(separator: " ")])
                context.logger.info(
                    "API token created", [.tokenID: .string(created.token.id), .requestID: .string(request.requestID)])
                return try .json(Created(token: created.token, secret: created.secret), status: 201)
            } catch let error as PHIGuardError where error.code == .invalidInput {
                throw Problem.unprocessable(error.reason.capitalizedFirst + ".")
            }
        }
        router.add(
            RouteDescription(
                method: "DELETE", pattern: "/api/v1/tokens/{id}", summary: "Revoke an API token", tag: "tokens")
        ) { request in
            let caller = try context.authenticate(request, scope: .tokensManage)
            do {
                let token = try context.tokens.revoke(id: request.pathParameters["id"] ?? "")
                try context.recordAdministrative(
                    .tokenRevoke, eventClass: .accountManagement, actor: "token:\(caller.id)",
                    resource: .init(type: "api_token", id: token.id), request: request)
                context.logger.info("API token revoked", [.tokenID: .string(token.id)])
                return try .json(token)
            } catch let error as PHIGuardError where error.code == .notFound {
                throw Problem.notFound("No token with this id.")
            }
        }
    }
}
