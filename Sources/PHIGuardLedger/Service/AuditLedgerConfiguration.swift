import Foundation

/// How the ledger behaves: its origin name, the clock-skew threshold and retention.
public struct AuditLedgerConfiguration: Sendable {
    /// The origin line of every checkpoint, and the name of the key that signs them.
    public var origin: String
    /// Source and receipt times further apart than this flag the event as clock-skewed.
    public var clockSkewThreshold: TimeInterval
    /// How long entries of each event class are kept, in years; `defaultRetentionYears` for the rest.
    public var retentionYears: [AuditEventClass: Int]
    /// Retention for classes not named in `retentionYears`: six years, the HIPAA documentation period
    /// (45 CFR 164.316(b)(2)(i)) that most programs also apply to audit logs.
    public var defaultRetentionYears: Int

    public init(
        origin: String,
        clockSkewThreshold: TimeInterval = 300,
        retentionYears: [AuditEventClass: Int] = [:],
        defaultRetentionYears: Int = 6
    ) {
        self.origin = origin
        self.clockSkewThreshold = clockSkewThreshold
        self.retentionYears = retentionYears
        self.defaultRetentionYears = defaultRetentionYears
    }

    /// The years an entry of this class is kept.
    public func retention(for eventClass: AuditEventClass) -> Int {
        retentionYears[eventClass] ?? defaultRetentionYears
    }
}
