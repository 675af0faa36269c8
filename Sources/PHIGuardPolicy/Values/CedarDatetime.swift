/// A Cedar `datetime`: milliseconds since the Unix epoch, parsed from a restricted ISO 8601 form.
public struct CedarDatetime: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    static let millisecondsPerDay: Int64 = 86_400_000

    /// Creates a datetime from milliseconds since the epoch.
    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Parses `YYYY-MM-DD`, optionally followed by `Thh:mm:ss`, optional `.SSS`, and `Z` or `+hhmm`/`-hhmm`.
    public init?(parsing text: String) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 10, let days = Self.date(scalars[0..<10]) else { return nil }
        var total = days * Self.millisecondsPerDay
        if scalars.count > 10 {
            guard let time = Self.timeOfDay(scalars[10...]) else { return nil }
            total += time
        }
        milliseconds = total
    }

    private static func number(_ scalars: ArraySlice<Unicode.Scalar>) -> Int64? {
        guard !scalars.isEmpty, scalars.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
        return scalars.reduce(Int64(0)) { $0 * 10 + Int64($1.value - 48) }
    }

    /// Days since the epoch for `YYYY-MM-DD`, or nil when the date does not exist.
    private static func date(_ scalars: ArraySlice<Unicode.Scalar>) -> Int64? {
        let base = scalars.startIndex
        guard scalars[base + 4] == "-", scalars[base + 7] == "-",
            let year = number(scalars[base..<base + 4]), let month = number(scalars[base + 5..<base + 7]),
            let day = number(scalars[base + 8..<base + 10])
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return daysFromCivil(year: year, month: month, day: day)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's days-from-civil algorithm.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Milliseconds for `Thh:mm:ss[.SSS](Z|+hhmm|-hhmm)`, already corrected by the offset.
    private static func timeOfDay(_ scalars: ArraySlice<Unicode.Scalar>) -> Int64? {
        let part = Array(scalars)
        guard part.count >= 10, part[0] == "T", part[3] == ":", part[6] == ":",
            let hour = number(part[1..<3]), let minute = number(part[4..<6]), let second = number(part[7..<9]),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var rest = part[9...]
        var millisecond: Int64 = 0
        if rest.first == "." {
            guard rest.count >= 4, let value = number(rest[rest.startIndex + 1..<rest.startIndex + 4]) else {
                return nil
            }
            millisecond = value
            rest = rest.dropFirst(4)
        }
        guard let offset = offsetMilliseconds(rest) else { return nil }
        return ((hour * 60 + minute) * 60 + second) * 1000 + millisecond - offset
    }

    private static func offsetMilliseconds(_ rest: ArraySlice<Unicode.Scalar>) -> Int64? {
        if Array(rest) == ["Z"] { return 0 }
        guard rest.count == 5, let sign = rest.first, sign == "+" || sign == "-",
            let hours = number(rest.dropFirst().prefix(2)), let minutes = number(rest.suffix(2)),
            hours < 24, minutes < 60
        else { return nil }
        let value = (hours * 60 + minutes) * 60_000
        return sign == "-" ? -value : value
    }

    public var description: String { "\(milliseconds)ms since epoch" }

    public static func < (lhs: CedarDatetime, rhs: CedarDatetime) -> Bool { lhs.milliseconds < rhs.milliseconds }
}
