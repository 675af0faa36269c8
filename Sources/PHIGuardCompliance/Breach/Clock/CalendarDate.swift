/// A date on the proleptic Gregorian calendar with no time of day and no time zone.
///
/// Breach deadlines are counted in whole calendar days, so they are computed on dates, not instants: a `Date`
/// would bring a time zone into every comparison and make a deadline move with daylight saving time. The date
/// is stored as its number of days since 1970-01-01, which makes adding days and comparing dates exact.
public struct CalendarDate: Hashable, Sendable {
    /// Days since 1970-01-01 (negative before it).
    public let daysSinceEpoch: Int

    /// The date a number of days after 1970-01-01.
    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// The date with this year, month and day, or `nil` when there is no such day (February 30, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysInMonth(month, of: year)).contains(day)
        else { return nil }
        daysSinceEpoch = Self.days(year: year, month: month, day: day)
    }

    /// Reads `YYYY-MM-DD` exactly: four-digit year, two-digit month and day, a real day of that month.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The year, month and day of this date.
    public var components: (year: Int, month: Int, day: Int) {
        Self.civil(fromDays: daysSinceEpoch)
    }

    /// The year of this date.
    public var year: Int { components.year }

    /// The date `count` days later (earlier when negative).
    public func adding(days count: Int) -> CalendarDate {
        CalendarDate(daysSinceEpoch: daysSinceEpoch + count)
    }

    /// The number of days from `other` to this date: positive when this date is later.
    public func days(since other: CalendarDate) -> Int {
        daysSinceEpoch - other.daysSinceEpoch
    }

    /// December 31 of this date's year.
    public var endOfYear: CalendarDate {
        CalendarDate(daysSinceEpoch: Self.days(year: year, month: 12, day: 31))
    }

    /// Whether the year has a February 29: every fourth year, except centuries not divisible by 400.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in a month of a year.
    public static func daysInMonth(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension CalendarDate {
    /// Days since 1970-01-01 of a valid year, month and day.
    ///
    /// The year is counted from March so that the leap day falls at the end of it; whole 400-year eras then
    /// have 146,097 days each, and the day within an era follows from the year and the month's offset.
    private static func days(year: Int, month: Int, day: Int) -> Int {
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        // 719,468 days separate 0000-03-01, where eras start, from 1970-01-01.
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month and day of a count of days since 1970-01-01; the inverse of `days(year:month:day:)`.
    private static func civil(fromDays count: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = count + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
