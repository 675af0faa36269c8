import Foundation

/// Console session limits (automatic logoff, 164.312(a)(2)(iii); NIST SP 800-63B reauthentication).
public struct SessionPolicy: Sendable, Equatable {
    /// A session unused this long ends.
    public var idleTimeout: TimeInterval
    /// A session ends this long after sign-in, however busy.
    public var maximumLifetime: TimeInterval

    public init(idleTimeout: TimeInterval = 15 * 60, maximumLifetime: TimeInterval = 12 * 3600) {
        self.idleTimeout = idleTimeout
        self.maximumLifetime = maximumLifetime
    }

    /// Whether a session created and last seen at these times is still valid at `now`.
    public func isValid(createdAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) < idleTimeout && now.timeIntervalSince(createdAt) < maximumLifetime
    }
}
