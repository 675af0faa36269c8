/// What a breach case requires: whether it is reportable, why, and every notice with its deadline.
///
/// Notifications are ordered by due date, earliest first, with pending ones (no date yet) last; notices due on
/// the same day follow the order covered entity, individuals, HHS, media, State overlays, and then the State
/// code, so the same case always prints the same plan.
public struct BreachPlan: Sendable, Hashable {
    /// Whether notices are owed.
    public var isReportableBreach: Bool
    /// The rule that decided it.
    public var basis: BreachBasis
    /// The affected individuals in every State together.
    public var totalAffected: Int
    /// The notices, in the order described above; empty when the case is not reportable.
    public var notifications: [BreachNotification]
    /// The substitute notice owed for people without current contact information, if any.
    public var substituteNotice: SubstituteNotice?

    /// Creates a plan, putting the notifications in their order.
    public init(
        basis: BreachBasis, totalAffected: Int, notifications: [BreachNotification],
        substituteNotice: SubstituteNotice?
    ) {
        self.isReportableBreach = basis.isReportable
        self.basis = basis
        self.totalAffected = totalAffected
        self.notifications = notifications.sorted(by: Self.precedes)
        self.substituteNotice = substituteNotice
    }

    private static func precedes(_ lhs: BreachNotification, _ rhs: BreachNotification) -> Bool {
        switch (lhs.due, rhs.due) {
        case (.some(let left), .some(let right)) where left != right: return left < right
        case (.some, nil): return true
        case (nil, .some): return false
        default: break
        }
        if lhs.recipient.rank != rhs.recipient.rank { return lhs.recipient.rank < rhs.recipient.rank }
        return (lhs.state ?? "", lhs.recipient.rawValue) < (rhs.state ?? "", rhs.recipient.rawValue)
    }
}
