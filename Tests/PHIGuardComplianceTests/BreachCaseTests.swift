import Foundation
import PHIGuardCompliance
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardStore
import Testing

@Suite("Breach cases")
struct BreachCaseTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    /// 2026-12-04.
    static let today = CalendarDate(daysSinceEpoch: 20_791)

    static let content = """
        "notice_content": {"entity_name": "North Clinic", "breach_date": "2024-02-28",
          "what_happened": "A laptop holding appointment lists was stolen from a staff car.",
          "phi_types": ["names", "dates of birth", "appointment dates"],
          "individual_steps": "Review statements from your health plan and report services you did not receive.",
          "entity_actions": "We reported the theft to police and are encrypting every laptop.",
          "toll_free_number": "1-800-555-0100", "website": "https://north.example/notice"}
        """

    static func fields(_ extra: String = "") throws -> BreachCaseFields {
        let json =
            #"{"discovered_on": "2024-03-04", "discovered_by": "covered_entity", "discoverer_name": "Privacy office", "affected_by_state": {"TX": 40, "OK": 2}"#
            + (extra.isEmpty ? "" : ", " + extra) + "}"
        return try BreachCaseFields(json: Data(json.utf8), today: today)
    }

    static let assessment = """
        "risk_assessment": {"nature_and_extent": {"rating": "low", "narrative": "Names and appointment dates only"},
          "unauthorized_person": {"rating": "low", "narrative": "Returned by a hospital employee"},
          "acquired_or_viewed": {"rating": "low", "narrative": "Forensics show it was not opened"},
          "mitigation": {"rating": "medium", "narrative": "Recovered within a day"},
          "low_probability_of_compromise": true, "assessed_by": "Dana Privacy"}
        """

    @Test("without a documented assessment the case is presumed a breach and cannot be signed away")
    func presumedBreach() throws {
        let breachCase = BreachCase.open(id: "b1", fields: try Self.fields(), by: "dana", at: Self.now)
        #expect(breachCase.plan().basis == .presumedBreach)
        let refused = #expect(throws: ChangeRefused.self) {
            try breachCase.signed(.notABreach, by: "Dana Privacy", statement: nil, actor: "dana", at: Self.now)
        }
        #expect(refused?.pointer == "/outcome")
        let signed = try breachCase.signed(
            .reportableBreach, by: "Dana Privacy", statement: "Notify", actor: "dana", at: Self.now)
        #expect(signed.determination?.basis == "presumed_breach")
        #expect(signed.determination?.signedBy == "Dana Privacy")
    }

    @Test("a documented low-probability assessment supports not a breach; a high factor cannot conclude low")
    func assessment() throws {
        let breachCase = BreachCase.open(id: "b1", fields: try Self.fields(Self.assessment), by: "dana", at: Self.now)
        #expect(breachCase.plan().basis == .lowProbability)
        #expect(breachCase.plan().notifications.isEmpty)
        _ = try breachCase.signed(.notABreach, by: "Dana Privacy", statement: nil, actor: "dana", at: Self.now)
        let high = Self.assessment.replacingOccurrences(of: #""rating": "medium""#, with: #""rating": "high""#)
        let error = #expect(throws: ComplianceInputError.self) { try Self.fields(high) }
        #expect(error?.problems.map(\.pointer) == ["/risk_assessment/low_probability_of_compromise"])
        let partial = #"risk_assessment": {"low_probability_of_compromise": true, "assessed_by": "x"}"#
        let missing = #expect(throws: ComplianceInputError.self) { try Self.fields("\"" + partial) }
        #expect(missing?.problems.map(\.pointer).contains("/risk_assessment/mitigation") == true)
    }

    @Test("safe harbor needs qualifying encryption with a key kept apart, or destruction per SP 800-88")
    func safeHarbor() throws {
        func basis(_ safeHarbor: String) throws -> BreachBasis {
            BreachCase.open(id: "b", fields: try Self.fields("\"safe_harbor\": {\(safeHarbor)}"), by: "d", at: Self.now)
                .plan().basis
        }
        let encrypted =
            #""method": "encryption", "encryption_standard": "NIST SP 800-111", "evidence": "BitLocker escrow report""#
        #expect(try basis(encrypted + #", "key_compromised": false, "key_stored_apart": true"#) == .safeHarbor)
        #expect(try basis(encrypted + #", "key_compromised": false, "key_stored_apart": false"#) == .presumedBreach)
        #expect(try basis(encrypted + #", "key_compromised": true, "key_stored_apart": true"#) == .presumedBreach)
        let weak = encrypted.replacingOccurrences(of: "800-111", with: "800-38A")
        #expect(try basis(weak + #", "key_compromised": false, "key_stored_apart": true"#) == .presumedBreach)
        let destroyed =
            #""method": "destruction", "destruction_standard": "NIST SP 800-88", "evidence": "Certificate 77""#
        #expect(try basis(destroyed) == .safeHarbor)
        #expect(try basis(destroyed.replacingOccurrences(of: "NIST SP 800-88", with: "redaction")) == .presumedBreach)
        let mixed = #expect(throws: ComplianceInputError.self) {
            try basis(destroyed + #", "key_compromised": false"#)
        }
        #expect(mixed?.problems.map(\.pointer) == ["/safe_harbor/key_compromised"])
    }

    @Test("a patch is checked whole, names the fields changed, and withdraws a signed determination")
    func patch() throws {
        let signed = try BreachCase.open(id: "b1", fields: try Self.fields(), by: "dana", at: Self.now)
            .signed(.reportableBreach, by: "Dana Privacy", statement: nil, actor: "dana", at: Self.now)
        let patched = try signed.patched(
            with: Data(#"{"affected_by_state": {"TX": 600}}"#.utf8), by: "eve", at: Self.now, today: Self.today)
        #expect(patched.determination == nil)
        #expect(
            patched.timeline.suffix(2).map(\.what) == [
                "updated affected_by_state", "determination withdrawn: facts changed",
            ])
        #expect(patched.plan().notifications.map(\.recipient.rawValue) == ["individuals", "hhs", "media"])
        let bad = #expect(throws: ComplianceInputError.self) {
            try signed.patched(
                with: Data(#"{"discovered_on": "2030-01-01", "ssn": "x"}"#.utf8), by: "eve", at: Self.now,
                today: Self.today)
        }
        #expect(bad?.problems.map(\.pointer) == ["/ssn", "/discovered_on"])
        let same = try signed.patched(
            with: Data(#"{"discovered_on": "2024-03-04"}"#.utf8), by: "eve", at: Self.now, today: Self.today)
        #expect(same == signed)
    }

    @Test("notices are flagged overdue after their due date until recorded as sent")
    func overdue() throws {
        let breachCase = BreachCase.open(id: "b1", fields: try Self.fields(), by: "dana", at: Self.now)
        let onDueDay = breachCase.noticeStatuses(on: try #require(CalendarDate(iso: "2024-05-03")))
        #expect(onDueDay.map(\.isOverdue) == [false, false])
        let after = breachCase.noticeStatuses(on: try #require(CalendarDate(iso: "2024-05-04")))
        #expect(after.map(\.key) == ["individuals", "hhs"])
        #expect(after.map(\.isOverdue) == [true, false])
        let sent = try breachCase.recordingNotice(
            "individuals", sentOn: try #require(CalendarDate(iso: "2024-05-06")), method: .firstClassMail, by: "dana",
            at: Self.now,
            today: Self.today)
        let status = try #require(sent.noticeStatuses(on: Self.today).first)
        #expect(!status.isOverdue && status.wasLate)
        #expect(status.sent?.method == .firstClassMail)
        #expect(throws: ChangeRefused.self) {
            try breachCase.recordingNotice(
                "media:TX", sentOn: Self.today, method: .pressRelease, by: "d", at: Self.now, today: Self.today)
        }
        #expect(throws: ChangeRefused.self) {
            try breachCase.recordingNotice(
                "hhs", sentOn: Self.today.adding(days: 1), method: .hhsPortal, by: "d", at: Self.now, today: Self.today)
        }
    }

    @Test("the individual letter has every element of 164.404(c) and the merge fields")
    func letter() throws {
        let breachCase = BreachCase.open(id: "b1", fields: try Self.fields(Self.content), by: "dana", at: Self.now)
        let writer = try #require(NoticeWriter(breachCase))
        let letter = writer.individualLetter()
        for piece in [
            "{{individual_name}}", "{{mailing_address}}", "A laptop holding appointment lists was stolen",
            "It happened on February 28, 2024, and we learned of it on March 4, 2024.",
            "names, dates of birth and appointment dates", "Review statements from your health plan",
            "encrypting every laptop", "call us toll-free at 1-800-555-0100", "visit https://north.example/notice",
            "North Clinic",
        ] {
            #expect(letter.contains(piece), "missing \(piece)")
        }
        #expect(writer.mediaNotice(state: "TX").contains("40 residents of Texas"))
        let sheet = writer.hhsReport()
        #expect(sheet.reportType == "fewer_than_500")
        #expect(sheet.hhsDue?.description == "2025-03-01")
        #expect(sheet.states == ["OK", "TX"])
        #expect(NoticeWriter(BreachCase.open(id: "b2", fields: try Self.fields(), by: "d", at: Self.now)) == nil)
        let noContact = Self.content.replacingOccurrences(of: #", "website": "https://north.example/notice""#, with: "")
        let error = #expect(throws: ComplianceInputError.self) { try Self.fields(noContact) }
        #expect(error?.problems.map(\.pointer) == ["/notice_content/email"])
    }

    @Test("the annual log lists the year's reportable breaches under 500 as CSV")
    func annualLog() throws {
        let small = BreachCase.open(id: "b1", fields: try Self.fields(Self.content), by: "d", at: Self.now)
        let large = BreachCase.open(
            id: "b2",
            fields: try BreachCaseFields(
                json: Data(
                    #"{"discovered_on": "2024-05-01", "discovered_by": "covered_entity", "discoverer_name": "IT", "affected_by_state": {"TX": 900}}"#
                        .utf8), today: Self.today), by: "d", at: Self.now)
        let excepted = BreachCase.open(
            id: "b3",
            fields: try Self.fields(#""exception": {"kind": "unable_to_retain", "rationale": "Returned sealed"}"#),
            by: "d", at: Self.now)
        let csv = AnnualBreachLog.csv([large, excepted, small], year: 2024)
        let lines = csv.split(separator: "\r\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0] == AnnualBreachLog.columns.joined(separator: ","))
        #expect(
            lines[1].hasPrefix(
                "b1,2024-03-04,2024-02-28,42,OK TX,names; dates of birth; appointment dates,2025-03-01,,,"))
        #expect(AnnualBreachLog.csv([small], year: 2023).split(separator: "\r\n").count == 1)
    }

    @Test("incidents and cases are stored encrypted and read back whole; a stale revision is refused")
    func storage() throws {
        let store = try SQLiteStore.temporary()
        try Migrator.apply(
            [Migration(version: 1, name: "compliance", statements: ComplianceSchema.version1)], to: store,
            logger: .disabled)
        let kek = KeyEncryptionKey.generate()
        let keyring = try Keyring(kek: kek, wrappedKeys: [try Keyring.generateKey(kek: kek)])
        let cases = BreachCaseStore(store: store, keyring: keyring)
        let incidents = IncidentStore(store: store, keyring: keyring)
        let breachCase = BreachCase.open(id: "b1", fields: try Self.fields(Self.content), by: "dana", at: Self.now)
        try cases.insert(breachCase)
        try incidents.insert(IncidentLifecycleTests.incident())
        let bodies = try store.read {
            try $0.query("SELECT body FROM breach_cases UNION ALL SELECT body FROM incidents")
        }
        for row in bodies {
            let text = String(decoding: try row.bytes("body"), as: UTF8.self)
            #expect(!text.contains("laptop") && !text.contains("North Clinic"))
        }
        let read = try #require(try cases.breachCase("b1"))
        #expect(read.fields == breachCase.fields)
        #expect(read.id == "b1" && read.revision == 1)
        let next = try read.signed(.reportableBreach, by: "Dana", statement: nil, actor: "dana", at: Self.now)
        try cases.update(next, at: Self.now)
        #expect(throws: PHIGuardError(.conflict, "")) { try cases.update(next, at: Self.now) }
        #expect(try cases.list().map(\.determination?.outcome) == [.reportableBreach])
        #expect(try incidents.incident("inc-1")?.title == "Lost laptop")
        #expect(try incidents.incident("nope") == nil)
    }
}
