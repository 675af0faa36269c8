import PHIGuardCompliance
import Testing

@Suite("State overlays")
struct StateOverlayTests {
    private static func date(_ text: String) throws -> CalendarDate {
        try #require(CalendarDate(iso: text))
    }

    private static func overlayDue(_ plan: BreachPlan, _ state: String) -> [String] {
        plan.notifications.filter { $0.recipient.rawValue.hasPrefix("state:\(state):") }
            .map { "\($0.recipient.rawValue) \($0.due?.description ?? "pending")" }
    }

    @Test("the shipped table holds the four examples, each to be verified with counsel")
    func shippedTable() {
        let rows = StateOverlayTable.shipped
        #expect(rows.map(\.state) == ["CA", "NY", "CO", "FL"])
        #expect(rows.allSatisfy { $0.verifyWithCounsel })
        #expect(rows.allSatisfy { !$0.citation.isEmpty && USPSJurisdiction.isKnown($0.state) })
        #expect(rows.first { $0.state == "CA" }?.deadline == OverlayDeadline(15, .businessDays))
        #expect(rows.filter { $0.threshold == 500 }.map(\.state) == ["CO", "FL"])
    }

    @Test("of the rows that apply to a State, the earliest deadline wins and is the State's only overlay notice")
    func earliestWins() throws {
        let table = [
            StateOverlay(
                state: "TX", agency: "late", agencyName: "Late", deadline: OverlayDeadline(20, .calendarDays),
                citation: "late", verifyWithCounsel: true),
            StateOverlay(
                state: "TX", agency: "business", agencyName: "Business", deadline: OverlayDeadline(10, .businessDays),
                citation: "business", verifyWithCounsel: true),
            StateOverlay(
                state: "TX", agency: "large", agencyName: "Large", deadline: OverlayDeadline(5, .calendarDays),
                threshold: 1000, citation: "large", verifyWithCounsel: true),
        ]
        let clock = BreachClock(overlays: table)
        // From Monday 2024-03-04, 10 business days end on 2024-03-18, before 20 calendar days (2024-03-24).
        let small = BreachClockInput(
            discoveredOn: try Self.date("2024-03-04"), discoveredBy: .coveredEntity, affectedByState: ["TX": 999])
        #expect(Self.overlayDue(clock.plan(for: small), "TX") == ["state:TX:business 2024-03-18"])
        // At 1,000 residents the five-day row applies too and is earlier.
        var large = small
        large.affectedByState = ["TX": 1000]
        #expect(Self.overlayDue(clock.plan(for: large), "TX") == ["state:TX:large 2024-03-09"])
        // From a Thursday the 10 business days stretch over two weekends but still beat 20 calendar days.
        var thursday = small
        thursday.discoveredOn = try Self.date("2024-03-07")
        #expect(Self.overlayDue(clock.plan(for: thursday), "TX") == ["state:TX:business 2024-03-21"])
    }

    @Test("equally early rows go to the one listed first")
    func tiesGoToTheFirstRow() throws {
        let table = ["first", "second"].map {
            StateOverlay(
                state: "OR", agency: $0, agencyName: $0, deadline: OverlayDeadline(45, .calendarDays), citation: $0,
                verifyWithCounsel: false)
        }
        let input = BreachClockInput(
            discoveredOn: try Self.date("2024-03-04"), discoveredBy: .coveredEntity, affectedByState: ["OR": 1])
        #expect(Self.overlayDue(BreachClock(overlays: table).plan(for: input), "OR") == ["state:OR:first 2024-04-18"])
        #expect(
            Self.overlayDue(BreachClock(overlays: table.reversed()).plan(for: input), "OR") == [
                "state:OR:second 2024-04-18"
            ])
    }

    @Test("an engine without overlays gives only the HIPAA notices")
    func noOverlays() throws {
        let input = BreachClockInput(
            discoveredOn: try Self.date("2024-03-04"), discoveredBy: .coveredEntity, affectedByState: ["CA": 3])
        #expect(
            BreachClock(overlays: []).plan(for: input).notifications.map(\.recipient.rawValue) == [
                "individuals", "hhs",
            ])
        #expect(
            BreachClock().plan(for: input).notifications.map(\.recipient.rawValue) == [
                "state:CA:department_of_public_health", "individuals", "hhs",
            ])
    }
}
