import Foundation

/// When repeated sign-in failures lock an account, and for how long (164.308(a)(5)(ii)(C) log-in monitoring).
///
/// A pure value: given the failures so far, it says whether the next failure locks the account.
public struct LockoutPolicy: Sendable, Equatable {
    /// Failures in a row that lock the account.
    public var threshold: Int
    /// How long the lock lasts.
    public var duration: TimeInterval

    public init(threshold: Int = 5, duration: TimeInterval = 15 * 60) {
        self.threshold = threshold
        self.duration = duration
    }

    /// The state after one more failure: the new count, and the time the lock ends when it locks now.
    public func afterFailure(previousFailures: Int, at now: Date) -> (failures: Int, lockedUntil: Date?) {
        let failures = previousFailures + 1
        guard failures >= threshold else { return (failures, nil) }
        return (0, now.addingTimeInterval(duration))
    }
}
