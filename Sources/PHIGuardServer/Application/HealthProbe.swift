import Foundation
import PHIGuardStore
import Synchronization

/// Checks the store at most once per `interval`, so status and readiness requests under load do not each cost
/// two store round trips. A failure is seen by the next request after the interval at the latest.
final class HealthProbe: Sendable {
    private let store: any Store
    private let interval: TimeInterval
    private let last = Mutex<(at: Date, health: ServerContext.Health)?>(nil)

    init(store: any Store, interval: TimeInterval = 1) {
        self.store = store
        self.interval = interval
    }

    func current(now: Date = Date()) -> ServerContext.Health {
        if let cached = last.withLock({ $0 }), now.timeIntervalSince(cached.at) < interval { return cached.health }
        let health = check()
        last.withLock { $0 = (now, health) }
        return health
    }

    private func check() -> ServerContext.Health {
        let reachable = (try? store.ping()) != nil
        return ServerContext.Health(
            storeReachable: reachable,
            storeBackend: store.dialect == .sqlite ? "SQLite (embedded)" : "PostgreSQL",
            schemaVersion: reachable ? try? store.schemaVersion() : nil
        )
    }
}
