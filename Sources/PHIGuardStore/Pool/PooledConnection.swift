/// A connection a `ConnectionPool` can lend out, one borrower at a time.
protocol PooledConnection: AnyObject, Sendable {
    /// Whether the connection can no longer be used and must be replaced.
    var isBroken: Bool { get }

    /// Releases the underlying C handle. Called once, by the pool.
    func close()
}
