import Foundation
import PHIGuardCompliance
import Testing

@Suite("Breach case input")
struct BreachClockInputTests {
    private static let today = CalendarDate(year: 2026, month: 12, day: 4)

    @Test("input built in code is checked by the same rules as JSON")
    func memberwiseValidation() throws {
        let today = try #require(Self.today)
        var input = BreachClockInput(
            discoveredOn: today.adding(days: 1), discoveredBy: .coveredEntity, baContractDays: 10,
            affectedByState: ["XX": 2, "TX": -3], unknownContactCount: 3)
        input.lawEnforcementDelay = .oral(
            statedOn: today, writtenReceivedOn: today.adding(days: 2), writtenUntil: today)
        let pointers = input.validationProblems(today: today).map(\.pointer)
        #expect(
            pointers == [
                "/discovered_on", "/ba_contract_days", "/affected_by_state/TX", "/affected_by_state/XX",
                "/unknown_contact_count", "/law_enforcement_delay/stated_on",
                "/law_enforcement_delay/written_received_on",
                "/law_enforcement_delay/written_until",
            ])
    }

    @Test("a valid case reads into the values it names, with omitted fields as null")
    func readsValues() throws {
        let json =
            #"{"discovered_on": "2024-03-04", "discovered_by": "business_associate", "ba_is_agent": false,"#
            + #" "ce_notified_on": "2024-03-06", "affected_by_state": {"NY": 2},"#
            + #" "law_enforcement_delay": {"kind": "oral", "stated_on": "2024-03-05"}}"#
        let input = try BreachClockInput(json: Data(json.utf8), today: try #require(Self.today))
        #expect(input.discoveredBy == .businessAssociate)
        #expect(input.ceNotifiedOn?.description == "2024-03-06")
        #expect(input.unknownContactCount == 0)
        #expect(input.exception == nil && input.safeHarbor == nil && input.riskAssessment == nil)
        #expect(input.lawEnforcementDelay?.endsOn.description == "2024-04-04")
        #expect(input.lawEnforcementDelay?.lengthInDays == 30)
    }

    @Test("text that is not JSON is refused as a whole")
    func notJSON() throws {
        let error = #expect(throws: ComplianceInputError.self) {
            try BreachClockInput(json: Data("{\"discovered_on\": ".utf8), today: try #require(Self.today))
        }
        #expect(error?.problems.map(\.pointer) == ["/"])
    }

    @Test("problems name fields and never repeat the values given")
    func problemsCarryNoValues() throws {
        let secret = "Jane-Roe-MRN-4411"
        let json =
            #"{"discovered_on": "\#(secret)", "discovered_by": "\#(secret)", "affected_by_state": {},"#
            + #" "exception": "\#(secret)", "notes": "\#(secret)"}"#
        let error = #expect(throws: ComplianceInputError.self) {
            try BreachClockInput(json: Data(json.utf8), today: try #require(Self.today))
        }
        let text = String(describing: try #require(error))
        #expect(!text.contains(secret))
        #expect(text.contains("/notes") && text.contains("/discovered_on") && text.contains("/exception"))
    }

    @Test("a field name with a slash or tilde is escaped in its pointer")
    func pointerEscaping() throws {
        let json =
            #"{"discovered_on": "2024-03-04", "discovered_by": "covered_entity", "affected_by_state": {"a/b~": 1}}"#
        let error = #expect(throws: ComplianceInputError.self) {
            try BreachClockInput(json: Data(json.utf8), today: try #require(Self.today))
        }
        #expect(error?.problems.map(\.pointer) == ["/affected_by_state/a~1b~0"])
    }
}

@Suite("Compliance JSON input")
struct ComplianceJSONInputTests {
    private static let today = CalendarDate(daysSinceEpoch: 20_791)

    private static func problems(_ json: String) -> [String] {
        do {
            _ = try BreachClockInput(json: Data(json.utf8), today: today)
            return []
        } catch {
            return error.problems.map { "\($0.pointer) \($0.detail)" }
        }
    }

    private static let base = #""discovered_on": "2024-03-04", "discovered_by": "covered_entity""#

    @Test(
        "a member given twice is refused by name, even when spelled with escapes",
        arguments: [
            (#"{"discovered_on": "2024-01-01", \#(base), "affected_by_state": {}}"#, "/discovered_on"),
            (#"{\#(base), "affected_by_state": {"TX": 1, "TX": 600}}"#, "/affected_by_state/TX"),
            (#"{\#(base), "affected_by_state": {"TX": 1, "\u0054X": 600}}"#, "/affected_by_state/TX"),
        ])
    func duplicates(json: String, pointer: String) {
        #expect(Self.problems(json) == ["\(pointer) appears more than once"])
    }

    @Test(
        "text that is not JSON is refused as a whole",
        arguments: [
            #"{\#(base), "affected_by_state": {},}"#, #"{\#(base), "affected_by_state": {"TX": 01}}"#,
            "{\"discovered_on\": \"2024-03-04\n\"}", #"{"a": "\ud800"}"#, #"{"a": tru}"#, #"{"a": 1} x"#, "",
            String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
        ])
    func malformed(json: String) {
        #expect(Self.problems(json) == ["/ is not well-formed JSON"])
    }

    @Test("numbers keep their kind: exponents and fractions are not counts, escapes and negatives read")
    func numbers() throws {
        let base = Self.base
        #expect(
            Self.problems(#"{\#(base), "affected_by_state": {"TX": 1e2}}"#) == [
                "/affected_by_state/TX must be a whole number, not a fraction"
            ])
        #expect(
            Self.problems(#"{\#(base), "affected_by_state": {"TX": 99999999999999999999}}"#) == [
                "/affected_by_state/TX must be a whole number, not a fraction"
            ])
        #expect(Self.problems(#"{\#(base), "affected_by_state": {"TX": -0}}"#) == [])
        #expect(
            Self.problems(#"{\#(base), "affected_by_state": {"\ud83d\ude00": 1}}"#) == [
                "/affected_by_state/\u{1F600} is not a USPS State or territory code"
            ])
        let input = try BreachClockInput(
            json: Data(
                #"{"discovered_on": "2024\u002d03-04", "discovered_by": "covered_entity", "affected_by_state": {"T\u0058": 1}}"#
                    .utf8), today: Self.today)
        #expect(input.discoveredOn.description == "2024-03-04")
        #expect(input.affectedByState == ["TX": 1])
    }
}
