import Dispatch
import PHIGuardCore
import Synchronization

/// A fixed number of connection slots, filled lazily, lent out one borrower at a time.
///
/// A semaphore counts free slots so checkout can block with a deadline; the idle list lives under a `Mutex`.
/// A connection that comes back broken is closed and its slot refilled by the next checkout, which is how a
/// store recovers after its server restarts.
final class ConnectionPool<Connection: PooledConnection>: Sendable {
    private struct State {
        var idle: [Connection] = []
        var closed = false
    }

    private let state = Mutex(State())
    private let slots: DispatchSemaphore
    private let timeout: Double
    private let factory: @Sendable () throws -> Connection

    /// - Parameters:
    ///   - size: The most connections open at once.
    ///   - timeout: Seconds a checkout waits for a free slot before failing with `store.unavailable`.
    ///   - factory: Opens a new connection.
    init(size: Int, timeout: Double, factory: @escaping @Sendable () throws -> Connection) {
        precondition(size > 0, "a pool needs at least one connection")
        slots = DispatchSemaphore(value: size)
        self.timeout = timeout
        self.factory = factory
    }

    /// Lends a connection to `body`, then takes it back (or discards it when it broke).
    func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try checkout()
        defer { checkin(connection) }
        return try body(connection)
    }

    /// Takes a connection out of the pool, waiting up to the timeout for a free slot.
    func checkout() throws -> Connection {
        guard slots.wait(timeout: .now() + timeout) == .success else {
            throw PHIGuardError(.storeUnavailable, "no store connection became free in time")
        }
        let reused: Connection?
        do {
            reused = try state.withLock { state in
                guard !state.closed else { throw PHIGuardError(.storeUnavailable, "the store is closed") }
                return state.idle.popLast()
            }
        } catch {
            slots.signal()
            throw error
        }
        if let reused {
            guard reused.isBroken else { return reused }
            reused.close()
        }
        do {
            return try factory()
        } catch {
            slots.signal()
            throw error
        }
    }

    /// Returns a connection taken with `checkout()`; a broken one is closed instead of kept.
    func checkin(_ connection: Connection) {
        let keep = !connection.isBroken
        let kept = state.withLock { state in
            guard keep, !state.closed else { return false }
            state.idle.append(connection)
            return true
        }
        if !kept { connection.close() }
        slots.signal()
    }

    /// Closes the connection without returning it, freeing its slot for a fresh one.
    func discard(_ connection: Connection) {
        connection.close()
        slots.signal()
    }

    /// Closes idle connections now and the lent ones when they come back; later checkouts fail.
    func close() {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        for connection in idle { connection.close() }
    }
}
