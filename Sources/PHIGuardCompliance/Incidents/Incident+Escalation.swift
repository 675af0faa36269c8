import Foundation

/// Where an incident's escalation stands.
public enum EscalationState: Sendable, Hashable {
    /// Someone on call acknowledged it.
    case acknowledged(at: Date, by: String)
    /// Waiting for an acknowledgment until `deadline`.
    case awaiting(deadline: Date)
    /// Nobody acknowledged by `deadline`: take `nextStep`.
    case overdue(deadline: Date, nextStep: String)
}

extension Incident {
    /// The escalation state at `now`, by the current severity's policy counted from when the incident opened.
    public func escalation(at now: Date) -> EscalationState {
        if let acknowledgedAt { return .acknowledged(at: acknowledgedAt, by: acknowledgedBy ?? "") }
        let policy = severity.escalation
        let deadline = openedAt.addingTimeInterval(Double(policy.acknowledgeWithinMinutes) * 60)
        return now > deadline
            ? .overdue(deadline: deadline, nextStep: policy.whenUnacknowledged) : .awaiting(deadline: deadline)
    }
}
