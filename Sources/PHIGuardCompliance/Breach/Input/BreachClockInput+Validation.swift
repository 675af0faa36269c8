extension BreachClockInput {
    /// The problems with values that are each of the right kind but cannot be true together or today.
    ///
    /// Dates that record something that already happened (discovery, the covered entity being told, a
    /// statement being made or received) may not be later than `today`. The ends of delays may be.
    ///
    /// Interpretation: `ba_is_agent`, `ba_contract_days` and `ce_notified_on` describe a business associate,
    /// so a covered entity's own discovery refuses them (other than `ba_is_agent: false`) rather than ignoring
    /// them; an agent business associate may record `ce_notified_on`, which then starts nothing, because an
    /// agent's discovery already is the covered entity's.
    public func validationProblems(today: CalendarDate) -> [ComplianceInputError.Problem] {
        var problems: [ComplianceInputError.Problem] = []
        func report(_ pointer: String, _ detail: String) {
            problems.append(.init(pointer: pointer, detail: detail))
        }

        if discoveredOn > today { report("/discovered_on", "is in the future") }
        if discoveredBy == .coveredEntity {
            let onlyForBA = "applies only when discovered_by is business_associate"
            if baIsAgent { report("/ba_is_agent", onlyForBA) }
            if baContractDays != nil { report("/ba_contract_days", onlyForBA) }
            if ceNotifiedOn != nil { report("/ce_notified_on", onlyForBA) }
        }
        if let baContractDays, baContractDays < 0 { report("/ba_contract_days", "must not be negative") }
        if let ceNotifiedOn {
            if ceNotifiedOn < discoveredOn { report("/ce_notified_on", "is before discovered_on") }
            if ceNotifiedOn > today { report("/ce_notified_on", "is in the future") }
        }

        for code in affectedByState.keys.sorted() {
            let pointer = "/affected_by_state/" + FieldReader.escape(code)
            if !USPSJurisdiction.isKnown(code) { report(pointer, "is not a USPS State or territory code") }
            if let count = affectedByState[code], count < 0 { report(pointer, "must not be negative") }
        }
        if unknownContactCount < 0 {
            report("/unknown_contact_count", "must not be negative")
        } else if unknownContactCount > max(0, totalAffected) {
            report("/unknown_contact_count", "is more than the affected individuals in affected_by_state")
        }

        if let lawEnforcementDelay {
            problems += Self.delayProblems(lawEnforcementDelay, discoveredOn: discoveredOn, today: today)
        }
        return problems
    }

    private static func delayProblems(
        _ delay: LawEnforcementDelay, discoveredOn: CalendarDate, today: CalendarDate
    ) -> [ComplianceInputError.Problem] {
        var problems: [ComplianceInputError.Problem] = []
        func report(_ field: String, _ detail: String) {
            problems.append(.init(pointer: "/law_enforcement_delay/" + field, detail: detail))
        }

        let statedOn = delay.statedOn
        if statedOn < discoveredOn { report("stated_on", "is before discovered_on") }
        if statedOn > today { report("stated_on", "is in the future") }
        switch delay {
        case .written(_, let until):
            if until < statedOn { report("until", "is before stated_on") }
        case .oral(_, let receivedOn, let writtenUntil):
            switch (receivedOn, writtenUntil) {
            case (nil, nil):
                break
            case (nil, .some):
                report("written_received_on", "is required when written_until is given")
            case (.some, nil):
                report("written_until", "is required when written_received_on is given")
            case (.some(let receivedOn), .some(let writtenUntil)):
                if receivedOn < statedOn { report("written_received_on", "is before stated_on") }
                if receivedOn > today { report("written_received_on", "is in the future") }
                if writtenUntil < receivedOn { report("written_until", "is before written_received_on") }
            }
        }
        return problems
    }
}
