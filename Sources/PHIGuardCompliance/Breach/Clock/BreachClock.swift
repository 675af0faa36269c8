/// The breach clock engine: decides whether a case is a reportable breach and computes every notice's deadline.
///
/// The engine is pure: the same input and overlay table always give the same plan, with no clock, store or
/// I/O involved. Deadlines count calendar days with the start date as day 0.
///
/// The rules, and how they are read:
/// - Determination, first match wins: an exception of 164.402(1); the safe harbor (encrypted, to the standard,
///   with an uncompromised key); a documented assessment showing a low probability of compromise; otherwise a
///   presumed breach. Only a presumed breach is reportable, and a case that is not reportable owes no notice.
/// - The covered entity's clocks start on `discovered_on` when it, or a business associate acting as its agent,
///   discovered the breach, and on `ce_notified_on` when a business associate that is not its agent did. While
///   that date is unknown those clocks are pending.
/// - Individuals (164.404(b)) and media (164.406(b), one notice per State with more than 500 affected
///   residents) are due 60 days after the start. HHS (164.408) is due with the individuals when 500 or more
///   people are affected in total, and otherwise 60 days after December 31 of the start's year.
/// - A business associate's notice to the covered entity (164.410(b)) is due 60 days after the business
///   associate's discovery, or after the agreement's `ba_contract_days` when that is shorter.
/// - State overlays: for each affected State, of the overlay rows that apply to its count of residents, the
///   one due earliest is a notice of its own (ties go to the row listed first).
/// - A law-enforcement delay (164.412) tolls every clock, overlays included (see `tolled(_:startedOn:unit:)`).
/// - With nobody affected (`affected_by_state` empty or all zero) only the business associate's notice to the
///   covered entity remains: there is nobody to notify, no State to count and nothing for HHS to log.
public struct BreachClock: Sendable {
    /// The State law overlays consulted for each affected State.
    public var overlays: [StateOverlay]

    /// Calendar days allowed for the HIPAA notices (164.404(b), 164.406(b), 164.408(b), 164.410(b)).
    public static let noticeDays = 60
    /// More than this many residents of one State require a media notice (164.406(a)).
    public static let mediaThreshold = 500
    /// This many affected individuals or more require HHS notice with the individual notices (164.408(b)).
    public static let immediateHHSThreshold = 500

    /// Creates an engine that consults the given overlays.
    public init(overlays: [StateOverlay] = StateOverlayTable.shipped) {
        self.overlays = overlays
    }

    /// The rule that decides whether the case is a breach.
    public func basis(of input: BreachClockInput) -> BreachBasis {
        if let exception = input.exception { return .exception(exception) }
        if input.safeHarbor?.securesPHI == true || input.phiDestroyed { return .safeHarbor }
        if input.riskAssessment?.lowProbabilityOfCompromise == true { return .lowProbability }
        return .presumedBreach
    }

    /// The plan for a case: its determination and, when reportable, every notice with its deadline.
    public func plan(for input: BreachClockInput) -> BreachPlan {
        let basis = basis(of: input)
        let total = input.totalAffected
        guard basis.isReportable else {
            return BreachPlan(basis: basis, totalAffected: total, notifications: [], substituteNotice: nil)
        }
        var notifications: [BreachNotification] = []
        if input.discoveredBy == .businessAssociate {
            notifications.append(coveredEntityNotice(input))
        }
        if total > 0 {
            notifications += coveredEntityNotices(input, total: total)
        }
        return BreachPlan(
            basis: basis, totalAffected: total, notifications: notifications,
            substituteNotice: SubstituteNotice(unknownContacts: input.unknownContactCount))
    }

    /// The day the covered entity's clocks start, or `nil` while a non-agent business associate has not told it.
    public func coveredEntityStart(_ input: BreachClockInput) -> CalendarDate? {
        switch (input.discoveredBy, input.baIsAgent) {
        case (.coveredEntity, _), (.businessAssociate, true): input.discoveredOn
        case (.businessAssociate, false): input.ceNotifiedOn
        }
    }

    /// The business associate's notice to the covered entity, counted from the business associate's discovery.
    private func coveredEntityNotice(_ input: BreachClockInput) -> BreachNotification {
        let contract = input.baContractDays.map { min($0, Self.noticeDays) }
        let days = contract ?? Self.noticeDays
        let due = input.discoveredOn.adding(days: days)
        var rule = "45 CFR 164.410(b)"
        if days < Self.noticeDays { rule += " as shortened by the business associate agreement" }
        return notice(.coveredEntity, due: due, startedOn: input.discoveredOn, unit: .calendarDays, rule: rule, input)
    }

    /// The notices the covered entity owes: individuals, HHS, media and State overlays.
    private func coveredEntityNotices(_ input: BreachClockInput, total: Int) -> [BreachNotification] {
        let start = coveredEntityStart(input)
        let states = input.affectedByState.filter { $0.value > 0 }.keys.sorted()
        var notices: [BreachNotification] = []
        notices.append(
            calendarNotice(.individuals, days: Self.noticeDays, from: start, rule: "45 CFR 164.404(b)", input))
        if total >= Self.immediateHHSThreshold {
            notices.append(calendarNotice(.hhs, days: Self.noticeDays, from: start, rule: "45 CFR 164.408(b)", input))
        } else {
            // Fewer than 500: the annual report, 60 days after the end of the calendar year of the start (March 1,
            // or February 29 in a leap year, by counting rather than by rule of thumb).
            let due = start.map { $0.endOfYear.adding(days: Self.noticeDays) }
            notices.append(
                notice(.hhs, due: due, startedOn: start, unit: .calendarDays, rule: "45 CFR 164.408(c)", input))
        }
        for state in states where (input.affectedByState[state] ?? 0) > Self.mediaThreshold {
            notices.append(
                calendarNotice(
                    .media(state: state), days: Self.noticeDays, from: start, rule: "45 CFR 164.406(b)", input))
        }
        for state in states {
            if let overlay = overlayNotice(for: state, residents: input.affectedByState[state] ?? 0, input) {
                notices.append(overlay)
            }
        }
        return notices
    }

    /// The earliest overlay notice for a State, if any overlay applies.
    ///
    /// While the covered entity's start is pending, rows are compared as if it had been told on the business
    /// associate's discovery date, the earliest it could have been, so the choice does not wait for the date.
    private func overlayNotice(for state: String, residents: Int, _ input: BreachClockInput) -> BreachNotification? {
        let start = coveredEntityStart(input)
        let reference = start ?? input.discoveredOn
        let applicable = overlays.filter { $0.state == state && $0.applies(toResidents: residents) }
        guard let winner = applicable.min(by: { $0.deadline.due(from: reference) < $1.deadline.due(from: reference) })
        else { return nil }
        return notice(
            .stateAgency(state: state, agency: winner.agency), due: start.map(winner.deadline.due(from:)),
            startedOn: start, unit: winner.deadline.unit, rule: winner.citation, input)
    }

    private func calendarNotice(
        _ recipient: BreachNotification.Recipient, days: Int, from start: CalendarDate?, rule: String,
        _ input: BreachClockInput
    ) -> BreachNotification {
        notice(recipient, due: start?.adding(days: days), startedOn: start, unit: .calendarDays, rule: rule, input)
    }

    /// A notice with its untolled due date tolled by the case's law-enforcement delay, or pending without a start.
    private func notice(
        _ recipient: BreachNotification.Recipient, due: CalendarDate?, startedOn start: CalendarDate?,
        unit: OverlayDeadline.Unit, rule: String, _ input: BreachClockInput
    ) -> BreachNotification {
        guard let due, let start else {
            return BreachNotification(
                recipient: recipient, due: nil, rule: rule,
                pending: "starts when the business associate notifies the covered entity (ce_notified_on)")
        }
        let tolled = Self.tolled(due, startedOn: start, unit: unit, by: input.lawEnforcementDelay)
        let citation = tolled == due ? rule : rule + ", delayed under 45 CFR 164.412"
        return BreachNotification(recipient: recipient, due: tolled, rule: citation)
    }
}
