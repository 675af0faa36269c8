import Foundation
import PHIGuardCore
import PHIGuardHTTP

/// Builds the OpenAPI 3.1 document from the router's own route table, so it cannot drift from the real routes.
enum OpenAPIDocument {
    static func render(routes: [RouteDescription]) -> [UInt8] {
        var paths: [String: [String: Any]] = [:]
        for route in routes where route.isAPI {
            var operation: [String: Any] = [
                "summary": route.summary,
                "tags": [route.tag],
                "operationId": operationID(route),
                "responses": responses(for: route),
            ]
            let parameters = pathParameters(route.pattern).map { name -> [String: Any] in
                ["name": name, "in": "path", "required": true, "schema": ["type": "string"]]
            }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if route.pattern.hasPrefix("/api/") && route.pattern != "/api/v1/openapi.json" {
                operation["security"] = [["bearerToken": [String]()]]
            }
            paths[route.pattern, default: [:]][route.method.lowercased()] = operation
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": [
                "title": "PHIGuard API",
                "version": PHIGuardVersion.current,
                "description": "HIPAA safeguards for an EHR: access decisions, audit ledger, identity, compliance.",
            ],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearerToken": ["type": "http", "scheme": "bearer"]],
                "schemas": ["Problem": problemSchema],
            ],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Array(data)
    }

    static func pathParameters(_ pattern: String) -> [String] {
        pattern.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map {
            String($0.dropFirst().dropLast())
        }
    }

    private static func operationID(_ route: RouteDescription) -> String {
        let words = route.pattern.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return route.method.lowercased() + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    private static func responses(for route: RouteDescription) -> [String: Any] {
        let problem: [String: Any] = [
            "description": "Problem details (RFC 9457)",
            "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]],
        ]
        return ["200": ["description": "Success"], "4XX": problem, "5XX": problem]
    }

    private static var problemSchema: [String: Any] {
        [
            "type": "object",
            "properties": [
                "type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"],
                "detail": ["type": "string"], "instance": ["type": "string"], "request_id": ["type": "string"],
                "errors": [
                    "type": "array",
                    "items": [
                        "type": "object",
                        "properties": ["pointer": ["type": "string"], "detail": ["type": "string"]],
                    ],
                ],
            ],
            "required": ["title", "status"],
        ]
    }
}
