#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value that many threads read on every request and few threads ever change, behind a POSIX reader-writer
/// lock.
///
/// Readers never wait for one another. With a `Mutex`, a request thread descheduled while holding the lock makes
/// every other request thread spin and then sleep behind it; with more threads than cores that happens often
/// enough to cut throughput by three quarters. Here a descheduled reader delays only a writer. Writers take the
/// lock alone, so keep writes to rare events such as the first request of a route.
public final class ReadWriteLock<Value> {
    @usableFromInline let lock: UnsafeMutablePointer<pthread_rwlock_t>
    @usableFromInline var value: Value

    /// Guards `value`.
    public init(_ value: Value) {
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_rwlock_t())
        let status = pthread_rwlock_init(lock, nil)
        precondition(status == 0, "pthread_rwlock_init failed with \(status)")
        self.value = value
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deinitialize(count: 1)
        lock.deallocate()
    }

    /// Calls `body` with the value while other readers may do the same. Inlinable, like `Mutex.withLock`, so
    /// each caller gets it specialized to its value instead of a generic call per request.
    @inlinable
    public func read<Result>(_ body: (Value) throws -> Result) rethrows -> Result {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body(value)
    }

    /// Calls `body` with the value alone: no reader or writer runs meanwhile.
    @inlinable
    public func write<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body(&value)
    }
}

/// Every access to the value goes through the lock.
extension ReadWriteLock: @unchecked Sendable where Value: Sendable {}
