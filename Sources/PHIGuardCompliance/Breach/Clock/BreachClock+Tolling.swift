extension BreachClock {
    /// A due date moved later by a law-enforcement delay (164.412).
    ///
    /// A clock still running on the day the delay is stated (started on or before it, and due on or after it)
    /// moves later by the delay's length in days; a clock that had already expired is not revived. These are
    /// interpretations:
    /// - A clock that starts during the delay (a covered entity told by a non-agent business associate after the
    ///   statement) is paused from its start, so it moves later by the days from its start to the delay's end:
    ///   the delay binds the notice, whenever its clock started.
    /// - A business-day deadline (a State overlay) moves by the same number of calendar days, then to the next
    ///   Monday when it lands on a weekend, since a business-day deadline falls on a business day and moving it
    ///   earlier could put it inside the delay.
    /// - A clock that starts after the delay has ended is not affected.
    static func tolled(
        _ due: CalendarDate, startedOn start: CalendarDate, unit: OverlayDeadline.Unit, by delay: LawEnforcementDelay?
    ) -> CalendarDate {
        guard let delay else { return due }
        let pausedFrom = max(delay.statedOn, start)
        let end = delay.endsOn
        guard pausedFrom <= due, pausedFrom < end else { return due }
        let moved = due.adding(days: end.days(since: pausedFrom))
        switch unit {
        case .calendarDays: return moved
        case .businessDays: return moved.onOrAfterWeekend
        }
    }
}
