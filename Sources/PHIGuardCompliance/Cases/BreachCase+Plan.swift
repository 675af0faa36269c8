extension BreachCaseFields {
    /// The facts as the clock engine reads them.
    ///
    /// The exception counts only with its rationale, the safe harbor only with its evidence (both are
    /// required to store them), and the assessment only when all four factors are documented, which the
    /// case input also requires: an undocumented assessment leaves the breach presumed.
    public var clockInput: BreachClockInput {
        let secured = safeHarbor?.engineFacts
        var input = BreachClockInput(
            discoveredOn: discoveredOn, discoveredBy: discoveredBy, baIsAgent: baIsAgent,
            baContractDays: baContractDays, ceNotifiedOn: ceNotifiedOn, affectedByState: affectedByState,
            unknownContactCount: unknownContactCount, exception: exception?.kind, safeHarbor: secured?.encryption,
            riskAssessment: assessment.map {
                RiskAssessmentOutcome(lowProbabilityOfCompromise: $0.lowProbabilityOfCompromise)
            },
            lawEnforcementDelay: lawEnforcementDelay?.delay)
        input.phiDestroyed = secured?.destroyed ?? false
        return input
    }
}

extension BreachCase {
    /// The plan the engine computes for the case.
    public func plan(with clock: BreachClock = BreachClock()) -> BreachPlan {
        clock.plan(for: fields.clockInput)
    }

    /// Each notice of the plan with whether it was sent and whether it is overdue on `today`.
    public func noticeStatuses(on today: CalendarDate, with clock: BreachClock = BreachClock()) -> [NoticeStatus] {
        plan(with: clock).notifications.map { notification in
            let key = NoticeStatus.key(of: notification)
            return NoticeStatus(notification: notification, sent: notices.last { $0.key == key }, today: today)
        }
    }
}

/// A notice of the plan and where it stands.
public struct NoticeStatus: Sendable, Hashable {
    /// The notice as the plan computes it.
    public var notification: BreachNotification
    /// The record of sending it, if it was sent.
    public var sent: NoticeRecord?
    /// Not sent, and its due date has passed.
    public var isOverdue: Bool
    /// Sent after its due date.
    public var wasLate: Bool

    init(notification: BreachNotification, sent: NoticeRecord?, today: CalendarDate) {
        self.notification = notification
        self.sent = sent
        let due = notification.due
        isOverdue = sent == nil && due.map { today > $0 } == true
        wasLate = sent.map { record in due.map { record.sentOn > $0 } == true } ?? false
    }

    /// The notice's key: the recipient, or `media:<State>` for a media notice, since there is one per State.
    public var key: String { Self.key(of: notification) }

    static func key(of notification: BreachNotification) -> String {
        if case .media(let state) = notification.recipient { return "media:\(state)" }
        return notification.recipient.rawValue
    }
}

extension NoticeStatus: Encodable {
    private enum CodingKeys: String, CodingKey {
        case notice, recipient, state, due, rule, pending, overdue, late, method
        case sentOn = "sent_on"
    }

    /// `{"notice", "recipient", "state", "due", "rule", "pending", "sent_on", "method", "overdue", "late"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .notice)
        try container.encode(notification.recipient.rawValue, forKey: .recipient)
        try container.encode(notification.state, forKey: .state)
        try container.encode(notification.due, forKey: .due)
        try container.encode(notification.rule, forKey: .rule)
        try container.encode(notification.pending, forKey: .pending)
        try container.encode(sent?.sentOn, forKey: .sentOn)
        try container.encode(sent?.method, forKey: .method)
        try container.encode(isOverdue, forKey: .overdue)
        try container.encode(wasLate, forKey: .late)
    }
}
