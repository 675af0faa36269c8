/// One State law that adds a notice to the HIPAA ones: who must be told, by when, and from how many affected
/// residents of that State on.
///
/// Overlays are data, not code, so counsel can review the table row by row and a deployment can replace it.
public struct StateOverlay: Sendable, Hashable {
    /// The USPS code of the State whose law this is.
    public var state: String
    /// The recipient as a lower-case identifier, used in the notification's recipient `state:<code>:<agency>`.
    public var agency: String
    /// The recipient's name in words.
    public var agencyName: String
    /// How long after the start of the covered entity's clocks the notice is due.
    public var deadline: OverlayDeadline
    /// The fewest affected residents of the State for which the law applies (1 when it always applies).
    public var threshold: Int
    /// The statute, for the notification's `rule`.
    public var citation: String
    /// Whether the row is an example that counsel must confirm before anyone relies on it.
    public var verifyWithCounsel: Bool

    /// Creates an overlay row.
    public init(
        state: String, agency: String, agencyName: String, deadline: OverlayDeadline, threshold: Int = 1,
        citation: String, verifyWithCounsel: Bool
    ) {
        self.state = state
        self.agency = agency
        self.agencyName = agencyName
        self.deadline = deadline
        self.threshold = threshold
        self.citation = citation
        self.verifyWithCounsel = verifyWithCounsel
    }

    /// Whether the law applies to a breach affecting this many of the State's residents.
    public func applies(toResidents count: Int) -> Bool {
        count > 0 && count >= threshold
    }

    /// The recipient of the notification this overlay produces.
    public var recipient: String {
        "state:\(state):\(agency)"
    }
}

/// A deadline counted from a start date that is day 0.
public struct OverlayDeadline: Sendable, Hashable {
    /// How days are counted.
    public enum Unit: String, Sendable, Hashable {
        /// Every day counts.
        case calendarDays = "calendar_days"
        /// Monday to Friday count; public holidays are not skipped (see `CalendarDate.adding(businessDays:)`).
        case businessDays = "business_days"
    }

    /// The number of days.
    public var count: Int
    /// How they are counted.
    public var unit: Unit

    /// Creates a deadline.
    public init(_ count: Int, _ unit: Unit) {
        self.count = count
        self.unit = unit
    }

    /// The due date for a start date, before any law-enforcement delay.
    public func due(from start: CalendarDate) -> CalendarDate {
        switch unit {
        case .calendarDays: start.adding(days: count)
        case .businessDays: start.adding(businessDays: count)
        }
    }
}
