extension CalendarDate {
    /// The day of the week, 0 for Sunday through 6 for Saturday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4); the modulo is floored so that dates before 1970 work too.
        let remainder = (daysSinceEpoch + 4) % 7
        return remainder < 0 ? remainder + 7 : remainder
    }

    /// Whether the date is a Saturday or a Sunday.
    public var isWeekend: Bool { weekday == 0 || weekday == 6 }

    /// The date `count` business days later, a business day being Monday to Friday.
    ///
    /// This date is day 0 whatever day of the week it is. Public holidays are counted as business days: which
    /// holidays count differs by State and by agency, and counting them would only ever make a deadline later,
    /// so leaving them out keeps every computed deadline on the early, safe side.
    public func adding(businessDays count: Int) -> CalendarDate {
        var date = self
        var remaining = count
        while remaining > 0 {
            date = date.adding(days: 1)
            if !date.isWeekend { remaining -= 1 }
        }
        return date
    }

    /// This date when it is a business day, otherwise the Monday after it.
    public var onOrAfterWeekend: CalendarDate {
        switch weekday {
        case 6: adding(days: 2)
        case 0: adding(days: 1)
        default: self
        }
    }
}
