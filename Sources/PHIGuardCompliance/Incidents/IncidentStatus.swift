/// Where an incident is in its lifecycle. It only moves forward.
public enum IncidentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case detected
    case triaged
    case contained
    case eradicated
    case recovered
    case closed

    /// The place in the lifecycle, 0 for `detected`.
    public var order: Int {
        Self.allCases.firstIndex(of: self) ?? 0
    }

    /// Whether an incident may move from this status to `next`.
    ///
    /// Interpretation: moves go forward only, and may skip phases (a misdirected letter has nothing to
    /// eradicate); every move is a timeline entry, so a skipped phase stays visible.
    public func canMove(to next: IncidentStatus) -> Bool {
        next.order > order
    }
}
