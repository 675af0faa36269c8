/// A law-enforcement official's statement that notice would impede an investigation (45 CFR 164.412).
public enum LawEnforcementDelay: Sendable, Hashable {
    /// A written statement naming how long to delay: notice is delayed until `until`.
    case written(statedOn: CalendarDate, until: CalendarDate)
    /// An oral statement: notice is delayed at most 30 days from `statedOn`, unless a written statement is
    /// received within those 30 days, in which case the written statement's period applies.
    case oral(statedOn: CalendarDate, writtenReceivedOn: CalendarDate?, writtenUntil: CalendarDate?)

    /// How long an oral statement alone delays notice, in days (164.412(b)).
    public static let oralDays = 30

    /// The day the statement was made.
    public var statedOn: CalendarDate {
        switch self {
        case .written(let statedOn, _), .oral(let statedOn, _, _): statedOn
        }
    }

    /// The day the delay ends.
    ///
    /// Interpretation: a written statement received after the 30 days of an oral one comes too late to extend
    /// it. The oral delay has ended by then, and the contract holds one statement per case; a later written
    /// request would be a new delay of clocks that by then are running again.
    public var endsOn: CalendarDate {
        switch self {
        case .written(_, let until):
            return until
        case .oral(let statedOn, let receivedOn, let writtenUntil):
            let oralEnd = statedOn.adding(days: Self.oralDays)
            guard let receivedOn, let writtenUntil, receivedOn <= oralEnd else { return oralEnd }
            return writtenUntil
        }
    }

    /// The length of the delay in days: from the day it was stated to the day it ends.
    public var lengthInDays: Int {
        max(0, endsOn.days(since: statedOn))
    }
}
