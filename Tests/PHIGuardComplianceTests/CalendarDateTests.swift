import Foundation
import PHIGuardCompliance
import Testing

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test(
        "known dates have the expected day number and weekday",
        arguments: [
            ("1970-01-01", 0, 4), ("1969-12-31", -1, 3), ("2000-02-29", 11_016, 2), ("2024-02-29", 19_782, 4),
            ("2024-03-04", 19_786, 1), ("2100-03-01", 47_541, 1), ("1600-01-01", -135_140, 6),
        ])
    func knownDates(text: String, days: Int, weekday: Int) throws {
        let date = try #require(CalendarDate(iso: text))
        #expect(date.daysSinceEpoch == days)
        #expect(date.weekday == weekday)
        #expect(date.description == text)
    }

    @Test("every day from 1899 to 2101 reads back as itself and follows the one before")
    func roundTrip() throws {
        var previous = try #require(CalendarDate(year: 1899, month: 1, day: 1))
        for year in 1899...2101 {
            for month in 1...12 {
                for day in 1...CalendarDate.daysInMonth(month, of: year) {
                    let date = try #require(CalendarDate(year: year, month: month, day: day))
                    #expect(date.components == (year, month, day))
                    if (year, month, day) != (1899, 1, 1) { #expect(date.days(since: previous) == 1) }
                    previous = date
                }
            }
        }
    }

    @Test(
        "leap years follow the Gregorian rule", arguments: [(2023, false), (2024, true), (1900, false), (2000, true)])
    func leapYears(year: Int, leap: Bool) {
        #expect(CalendarDate.isLeapYear(year) == leap)
        #expect(CalendarDate.daysInMonth(2, of: year) == (leap ? 29 : 28))
    }

    @Test(
        "only real dates in the exact form YYYY-MM-DD are read",
        arguments: [
            "2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-3-04", "24-03-04", "2024/03/04",
            "2024-03-04T00:00:00Z", "", "２０２４-03-04",
        ])
    func rejectsBadText(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test("business days skip Saturdays and Sundays and count from day 0 whatever its weekday")
    func businessDays() throws {
        let friday = try #require(CalendarDate(iso: "2024-03-08"))
        #expect(friday.adding(businessDays: 1).description == "2024-03-11")
        #expect(friday.adding(businessDays: 0) == friday)
        let sunday = try #require(CalendarDate(iso: "2024-03-10"))
        #expect(sunday.adding(businessDays: 1).description == "2024-03-11")
        #expect(sunday.onOrAfterWeekend.description == "2024-03-11")
        #expect(friday.adding(days: 1).onOrAfterWeekend.description == "2024-03-11")
        #expect(friday.onOrAfterWeekend == friday)
    }

    @Test("an instant falls on the date of its time zone")
    func instants() throws {
        let instant = Date(timeIntervalSince1970: 1_709_600_000)  // 2024-03-05T00:53:20Z
        #expect(CalendarDate(instant, in: try #require(TimeZone(identifier: "UTC"))).description == "2024-03-05")
        let pacific = try #require(TimeZone(identifier: "America/Los_Angeles"))
        #expect(CalendarDate(instant, in: pacific).description == "2024-03-04")
        #expect(
            CalendarDate(Date(timeIntervalSince1970: -1), in: try #require(TimeZone(identifier: "UTC")))
                .description == "1969-12-31")
    }
}
