import Foundation
import PHIGuardCore

/// An instant at millisecond precision, written as RFC 3339 UTC with exactly three fraction digits:
/// `2026-12-03T19:08:11.123Z`.
///
/// Events store times at the precision they serialize to, so an event decoded from its leaf equals the event
/// that was written. Formatting and parsing are done by hand, independent of locale and calendar settings.
public struct AuditTime: Sendable, Hashable, Comparable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let millisecondsSince1970: Int64

    /// The range the text form can express: years 0000 to 9999.
    static let range: ClosedRange<Int64> = -62_167_219_200_000...253_402_300_799_999

    /// Creates a time from milliseconds since the epoch.
    ///
    /// - Throws: `PHIGuardError` with code `.eventInvalid` outside the years 0000 to 9999.
    public init(millisecondsSince1970: Int64) throws {
        guard Self.range.contains(millisecondsSince1970) else {
            throw PHIGuardError(.eventInvalid, "a time is outside the years 0000 to 9999")
        }
        self.millisecondsSince1970 = millisecondsSince1970
    }

    /// The time of `date`, rounded to the nearest millisecond (a `Date` is a binary fraction, so `.123` may be
    /// held as `.12299…`).
    ///
    /// - Throws: `PHIGuardError` with code `.eventInvalid` outside the years 0000 to 9999.
    public init(_ date: Date) throws {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        guard let value = Int64(exactly: milliseconds) else {
            throw PHIGuardError(.eventInvalid, "a time is outside the years 0000 to 9999")
        }
        try self.init(millisecondsSince1970: value)
    }

    /// The time as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSince1970) / 1000) }

    /// The RFC 3339 text, `YYYY-MM-DDTHH:MM:SS.sssZ`.
    public var text: String {
        var bytes: [UInt8] = []
        appendText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as UTF-8 to `bytes`, for writers that build bytes.
    func appendText(to bytes: inout [UInt8]) {
        let (days, milliseconds) = millisecondsSince1970.floorDivision(by: 86_400_000)
        let (year, month, day) = Self.civilDate(daysSince1970: days)
        let seconds = milliseconds / 1000
        // Every field is within its width (years 0000 to 9999 only), so digits are written right to left.
        func field(_ value: Int64, width: Int, then separator: Character) {
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
            var rest = value
            for position in stride(from: start + width - 1, through: start, by: -1) where rest > 0 {
                bytes[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            bytes.append(separator.asciiValue ?? 0)
        }
        field(year, width: 4, then: "-")
        field(month, width: 2, then: "-")
        field(day, width: 2, then: "T")
        field(seconds / 3600, width: 2, then: ":")
        field(seconds / 60 % 60, width: 2, then: ":")
        field(seconds % 60, width: 2, then: ".")
        field(milliseconds % 1000, width: 3, then: "Z")
    }

    /// Parses exactly the form `text` writes.
    ///
    /// - Throws: `PHIGuardError` with code `.eventInvalid` for any other text or an impossible date.
    public init(text: String) throws {
        let bytes = Array(text.utf8)
        let separators: [Int: UInt8] = [4: 0x2D, 7: 0x2D, 10: 0x54, 13: 0x3A, 16: 0x3A, 19: 0x2E, 23: 0x5A]
        guard bytes.count == 24,
            bytes.indices.allSatisfy({ index in
                separators[index].map { bytes[index] == $0 } ?? (0x30...0x39).contains(bytes[index])
            })
        else { throw PHIGuardError(.eventInvalid, "a time is not YYYY-MM-DDTHH:MM:SS.sssZ") }
        func number(_ start: Int, _ count: Int) -> Int64 {
            bytes[start..<start + count].reduce(0) { $0 * 10 + Int64($1 - 0x30) }
        }
        let (year, month, day) = (number(0, 4), number(5, 2), number(8, 2))
        let (hour, minute, second, millisecond) = (number(11, 2), number(14, 2), number(17, 2), number(20, 3))
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day), hour < 24,
            minute < 60, second < 60
        else { throw PHIGuardError(.eventInvalid, "a time names an impossible date or time of day") }
        let days = Self.daysSince1970(year: year, month: month, day: day)
        try self.init(
            millisecondsSince1970: ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millisecond)
    }

    public static func < (lhs: AuditTime, rhs: AuditTime) -> Bool {
        lhs.millisecondsSince1970 < rhs.millisecondsSince1970
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date, counting in 400-year eras of 146,097 days.
    static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear.floorDivision(by: 400).quotient
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01; the inverse of `daysSince1970`.
    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = shifted.floorDivision(by: 146_097).quotient
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Int(month - 1)]
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, with a remainder of the divisor's sign.
    fileprivate func floorDivision(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
