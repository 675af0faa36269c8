import Foundation
import PHIGuardIdentity
import PHIGuardLedger
import Testing

@testable import PHIGuardServer

@Suite("Incident and breach API")
struct ComplianceAPITests {
    static func headers(_ token: String) -> [String: String] {
        ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
    }

    static func text(_ body: [UInt8]) -> String { String(decoding: body, as: UTF8.self) }

    static let breach = """
        {"discovered_on": "2024-03-04", "discovered_by": "business_associate", "discoverer_name": "Billing Co",
         "ba_is_agent": false, "ba_contract_days": 10, "ce_notified_on": "2024-03-08",
         "affected_by_state": {"TX": 520, "CA": 3},
         "notice_content": {"entity_name": "North Clinic", "what_happened": "A billing file was emailed to the wrong client.",
           "phi_types": ["names", "account numbers"], "individual_steps": "Watch your statements.",
           "entity_actions": "We retrieved the file and retrained staff.", "toll_free_number": "1-800-555-0100",
           "email": "privacy@north.example"}}
        """

    @Test("an incident moves forward through its lifecycle, each change audited; bad input changes nothing")
    func incidentLifecycle() async throws {
        let instance = try TestInstance()
        let token = try instance.token([.incidentManage])
        let ledger = instance.application.context.ledger
        let before = ledger.size
        let bad = try await instance.send(
            "POST", "/api/v1/incidents",
            body: Array(#"{"title": "", "severity": "SEV9", "detected_at": "2999-01-01T00:00:00Z", "mrn": "1"}"#.utf8),
            headers: Self.headers(token))
        #expect(bad.status == 422)
        #expect(bad.headers["content-type"] == "application/problem+json")
        let pointers = (try TestInstance.object(bad.body)["errors"] as? [[String: Any]] ?? []).compactMap {
            $0["pointer"] as? String
        }
        #expect(Set(pointers) == ["/mrn", "/title", "/summary", "/severity", "/detected_at"])
        #expect(ledger.size == before)
        #expect(try instance.application.context.incidents.list().isEmpty)

        let created = try await instance.send(
            "POST", "/api/v1/incidents",
            body: Array(
                #"{"title": "Phishing", "summary": "Credentials entered on a fake page", "severity": "SEV2", "detected_at": "2026-01-05T09:00:00Z", "affected_systems": ["mail"]}"#
                    .utf8), headers: Self.headers(token))
        #expect(created.status == 201, "\(Self.text(created.body))")
        let incident = try TestInstance.object(created.body)
        let id = try #require(incident["id"] as? String)
        #expect(incident["status"] as? String == "detected")
        #expect((incident["escalation"] as? [String: Any])?["state"] as? String != nil)
        #expect(try ledger.entry(at: before).event?.action.rawValue == "incident.create")

        let moved = try await instance.send(
            "POST", "/api/v1/incidents/\(id)/status", body: Array(#"{"status": "contained"}"#.utf8),
            headers: Self.headers(token))
        #expect(moved.status == 200)
        let back = try await instance.send(
            "POST", "/api/v1/incidents/\(id)/status", body: Array(#"{"status": "triaged"}"#.utf8),
            headers: Self.headers(token))
        #expect(back.status == 409)
        #expect(Self.text(back.body).contains("/status"))
        let done = try await instance.send(
            "POST", "/api/v1/incidents/\(id)/tasks/t1/complete", headers: Self.headers(token))
        #expect(done.status == 200)
        let read = try TestInstance.object(
            try await instance.send("GET", "/api/v1/incidents/\(id)", headers: Self.headers(token)).body)
        let timeline = try #require(read["timeline"] as? [[String: Any]])
        #expect(
            timeline.map { $0["what"] as? String } == [
                "opened at SEV2; notified incident_commander, security_officer, privacy_officer",
                "status contained (was detected)", "task t1 done",
            ])
        #expect(timeline.allSatisfy { ($0["actor"] as? String)?.hasPrefix("token:") == true && $0["at"] != nil })
        #expect(ledger.size == before + 3)
        let forbidden = try await instance.send(
            "GET", "/api/v1/incidents", headers: Self.headers(try instance.token([.breachManage])))
        #expect(forbidden.status == 403)
        let missing = try await instance.send("GET", "/api/v1/incidents/nope", headers: Self.headers(token))
        #expect(missing.status == 404)
        let notJSON = try await instance.send(
            "POST", "/api/v1/incidents", body: Array("{\"title\": ".utf8), headers: Self.headers(token))
        #expect(notJSON.status == 400)
        let twice = try await instance.send(
            "PATCH", "/api/v1/incidents/\(id)", body: Array(#"{"title": "a", "title": "b"}"#.utf8),
            headers: Self.headers(token))
        #expect(twice.status == 422)
        #expect(Self.text(twice.body).contains("appears more than once"))
        #expect(ledger.size == before + 3)
    }

    @Test(
        "bad breach input gets 422 naming the field and stores and records nothing",
        arguments: [
            (#""discovered_on": "2999-01-01""#, "/discovered_on"),
            (
                #""law_enforcement_delay": {"kind": "written", "stated_on": "2024-03-01", "until": "2024-04-01", "official": "Det. Ray"}"#,
                "/law_enforcement_delay/stated_on"
            ),
            (#""affected_by_state": {"TX": -4}"#, "/affected_by_state/TX"),
            (#""unknown_contact_count": -1"#, "/unknown_contact_count"),
            (#""affected_by_state": {"XX": 4}"#, "/affected_by_state/XX"),
            (#""patient_name": "Jane""#, "/patient_name"),
            (#""incident_id": "inc_missing""#, "/incident_id"),
        ])
    func badBreachInput(field: String, pointer: String) async throws {
        let instance = try TestInstance()
        let token = try instance.token([.breachManage])
        let ledger = instance.application.context.ledger
        let before = ledger.size
        var object = try #require(try JSONSerialization.jsonObject(with: Data(Self.breach.utf8)) as? [String: Any])
        let extra = try #require(try JSONSerialization.jsonObject(with: Data("{\(field)}".utf8)) as? [String: Any])
        object.merge(extra) { $1 }
        let answer = try await instance.send(
            "POST", "/api/v1/breaches", body: Array(try JSONSerialization.data(withJSONObject: object)),
            headers: Self.headers(token))
        #expect(answer.status == 422)
        let errors = try #require(try TestInstance.object(answer.body)["errors"] as? [[String: Any]])
        // A discovery date in the future also puts ce_notified_on before it: the field asked about comes first.
        #expect(errors.first?["pointer"] as? String == pointer)
        #expect(errors.count == (pointer == "/discovered_on" ? 2 : 1))
        #expect(!Self.text(answer.body).contains("Jane"))
        #expect(ledger.size == before)
        #expect(try instance.application.context.breachCases.list().isEmpty)
    }

    @Test("a breach case plans its notices, refuses an unsupported determination, signs, and records notices")
    func breachWorkflow() async throws {
        let instance = try TestInstance()
        let token = try instance.token([.breachManage])
        let ledger = instance.application.context.ledger
        let created = try await instance.send(
            "POST", "/api/v1/breaches", body: Array(Self.breach.utf8), headers: Self.headers(token))
        #expect(created.status == 201, "\(Self.text(created.body))")
        let body = try TestInstance.object(created.body)
        let id = try #require(body["id"] as? String)
        let plan = try #require(body["plan"] as? [String: Any])
        #expect(plan["basis"] as? String == "presumed_breach")
        let due = (plan["notifications"] as? [[String: Any]] ?? []).map {
            "\($0["recipient"] ?? "") \($0["state"] as? String ?? "-") \($0["due"] as? String ?? "pending")"
        }
        #expect(
            due == [
                "covered_entity - 2024-03-14", "state:CA:department_of_public_health CA 2024-03-29",
                "individuals - 2024-05-07", "hhs - 2024-05-07", "media TX 2024-05-07",
            ])
        let statuses = try #require(body["notice_status"] as? [[String: Any]])
        #expect(statuses.allSatisfy { $0["overdue"] as? Bool == true })

        let before = ledger.size
        let refused = try await instance.send(
            "POST", "/api/v1/breaches/\(id)/determination",
            body: Array(#"{"outcome": "not_a_breach", "signed_by": "Dana Privacy"}"#.utf8), headers: Self.headers(token)
        )
        #expect(refused.status == 409)
        #expect(Self.text(refused.body).contains("/outcome"))
        #expect(ledger.size == before)
        let signed = try await instance.send(
            "POST", "/api/v1/breaches/\(id)/determination",
            body: Array(#"{"outcome": "reportable_breach", "signed_by": "Dana Privacy"}"#.utf8),
            headers: Self.headers(token))
        #expect(signed.status == 200)
        #expect(
            (try TestInstance.object(signed.body)["determination"] as? [String: Any])?["signed_by"] as? String
                == "Dana Privacy")
        #expect(try ledger.entry(at: before).event?.action.rawValue == "breach.determine")

        let sent = try await instance.send(
            "POST", "/api/v1/breaches/\(id)/notices",
            body: Array(#"{"notice": "media:TX", "sent_on": "2024-04-01", "method": "press_release"}"#.utf8),
            headers: Self.headers(token))
        #expect(sent.status == 200, "\(Self.text(sent.body))")
        let notices = try #require(try TestInstance.object(sent.body)["notices"] as? [[String: Any]])
        let media = try #require(notices.first { $0["notice"] as? String == "media:TX" })
        #expect(media["overdue"] as? Bool == false && media["method"] as? String == "press_release")
        let unknown = try await instance.send(
            "POST", "/api/v1/breaches/\(id)/notices",
            body: Array(#"{"notice": "media:CA", "sent_on": "2024-04-01", "method": "press_release"}"#.utf8),
            headers: Self.headers(token))
        #expect(unknown.status == 409)

        let patched = try await instance.send(
            "PATCH", "/api/v1/breaches/\(id)", body: Array(#"{"affected_by_state": {"TX": 20, "CA": 3}}"#.utf8),
            headers: Self.headers(token))
        #expect(patched.status == 200)
        #expect(try TestInstance.object(patched.body)["determination"] is NSNull)

        let letter = try await instance.send(
            "GET", "/api/v1/breaches/\(id)/notices/letter", headers: Self.headers(token))
        #expect(letter.status == 200)
        #expect(Self.text(letter.body).contains("{{individual_name}}"))
        #expect(Self.text(letter.body).contains("call us toll-free at 1-800-555-0100, or email privacy@north.example"))
        let noMedia = try await instance.send(
            "GET", "/api/v1/breaches/\(id)/notices/media/TX", headers: Self.headers(token))
        #expect(noMedia.status == 404)
        let sheet = try TestInstance.object(
            try await instance.send("GET", "/api/v1/breaches/\(id)/notices/hhs", headers: Self.headers(token)).body)
        #expect(sheet["report_type"] as? String == "fewer_than_500")
        #expect(sheet["business_associate"] as? String == "Billing Co")
        let log = try await instance.send("GET", "/api/v1/breaches/log?year=2024", headers: Self.headers(token))
        #expect(log.headers["content-type"]?.hasPrefix("text/csv") == true)
        #expect(Self.text(log.body).contains("\r\n\(id),2024-03-04,,23,CA TX,names; account numbers,2025-03-01,"))
        let noYear = try await instance.send("GET", "/api/v1/breaches/log", headers: Self.headers(token))
        #expect(noYear.status == 400)
        let list = try TestInstance.object(
            try await instance.send("GET", "/api/v1/breaches", headers: Self.headers(token)).body)
        let summary = try #require((list["breaches"] as? [[String: Any]])?.first)
        #expect(summary["next_notice"] as? String == "covered_entity")
        #expect(summary["overdue"] as? Int == 4)
        let rows = try instance.application.context.store.read { try $0.query("SELECT body FROM breach_cases") }
        #expect(rows.allSatisfy { !Self.text((try? $0.bytes("body")) ?? []).contains("Billing Co") })
    }
}
