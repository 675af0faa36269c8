import Foundation
import PHIGuardAccess
import PHIGuardCompliance
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
    /// Stored policy versions and the active one.
    public let policies: PolicyLibrary
    /// The entities access decisions read.
    public let directory: EntityDirectory
    public let decider: AccessDecider
    /// Decision requests kept for dry runs.
    public let decisionLog: DecisionLog
    /// Security incidents.
    public let incidents: IncidentStore
    /// Breach cases.
    public let breachCases: BreachCaseStore
    /// The time source of incidents and breach cases, so tests can move time.
    public let clock: any WallClock
    public let startedAt: Date
    let healthProbe: HealthProbe
    /// The last encoded status answer and when it was made.
    let statusCache = TimedCache<HTTPResponse>()

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
        guard let header = request.headers["Authorization"], header.utf8.starts(with: "Bearer ".utf8) else {
            throw Problem.unauthorized("Send an API token as Authorization: Bearer <token>.")
        }
        do {
            return try tokens.authenticate(String(header.utf8.dropFirst(7))!, requiring: scope)
        } catch let error as PHIGuardError where error.code == .forbidden {
            throw Problem.forbidden("The token lacks the scope \(scope.rawValue).")
        } catch let error as PHIGuardError where error.code == .unauthenticated {
            throw Problem.unauthorized("The token is not valid, expired or revoked.")
        }
    }
}

/// One value with the time it was made, shared across threads.
final class TimedCache<Value: Sendable>: Sendable {
    private let slot = ReadWriteLock<(at: Date, value: Value)?>(nil)

    /// The value when it is younger than `maximumAge` at `now`.
    func value(maximumAge: TimeInterval, now: Date) -> Value? {
        guard let entry = slot.read({ $0 }), now.timeIntervalSince(entry.at) < maximumAge else { return nil }
        return entry.value
    }

    func store(_ value: Value, at time: Date) {
        slot.write { $0 = (time, value) }
    }
}
