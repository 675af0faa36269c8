extension BreachPlan: Encodable {
    private enum Key: String, CodingKey {
        case isReportableBreach = "is_reportable_breach"
        case basis
        case totalAffected = "total_affected"
        case notifications
        case substituteNotice = "substitute_notice"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(isReportableBreach, forKey: .isReportableBreach)
        try container.encode(basis.rawValue, forKey: .basis)
        try container.encode(totalAffected, forKey: .totalAffected)
        try container.encode(notifications, forKey: .notifications)
        try container.encode(substituteNotice?.rawValue, forKey: .substituteNotice)
    }
}

extension BreachNotification: Encodable {
    private enum Key: String, CodingKey {
        case recipient, state, due, rule, pending
    }

    /// `{"recipient", "state", "due", "rule"}`, with `state` and `due` written as `null` when absent, and
    /// `pending` only when `due` is `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(recipient.rawValue, forKey: .recipient)
        try container.encode(state, forKey: .state)
        try container.encode(due, forKey: .due)
        try container.encode(rule, forKey: .rule)
        if due == nil { try container.encode(pending, forKey: .pending) }
    }
}
