import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardHTTP
import PHIGuardIdentity
import PHIGuardLedger
import PHIGuardStore

/// Everything a handler needs, built once at start-up and shared by every worker thread.
public struct ServerContext: Sendable {
    public let settings: Settings
    public let logger: Logger
    public let metrics: MetricsRegistry
    public let store: any Store
    public let instance: Instance
    public let users: UserDirectory
    public let sessions: SessionManager
    public let tokens: TokenService
    public let ledger: AuditLedger
    public let startedAt: Date
    let healthProbe: HealthProbe

    /// What `/readyz` and the console home report.
    struct Health: Encodable {
        let storeReachable: Bool
        let storeBackend: String
        let schemaVersion: Int?
        var ledgerWritable = true
        var ledgerSize = 0

        var isReady: Bool { storeReachable && ledgerWritable }

        enum CodingKeys: String, CodingKey {
            case storeReachable = "store_reachable"
            case storeBackend = "store_backend"
            case schemaVersion = "schema_version"
            case ledgerWritable = "ledger_writable"
            case ledgerSize = "ledger_size"
        }
    }

    /// The store's health (checked at most once a second) and the ledger's.
    func health() -> Health {
        var health = healthProbe.current()
        health.ledgerWritable = ledger.isHealthy
        health.ledgerSize = ledger.size
        return health
    }

    /// The API token in `Authorization: Bearer ...`, checked for `scope`, or a 401/403 problem.
    func authenticate(_ request: HTTPRequest, scope: Scope) throws -> APIToken {
        guard let header = request.headers["Authorization"], header.hasPrefix("Bearer ") else {
            throw Problem.unauthorized("Send an API token as Authorization: Bearer <token>.")
        }
        do {
            return try tokens.authenticate(String(header.dropFirst(7)), requiring: scope)
        } catch let error as PHIGuardError where error.code == .forbidden {
            throw Problem.forbidden("The token lacks the scope \(scope.rawValue).")
        } catch let error as PHIGuardError where error.code == .unauthenticated {
            throw Problem.unauthorized("The token is not valid, expired or revoked.")
        }
    }
}
