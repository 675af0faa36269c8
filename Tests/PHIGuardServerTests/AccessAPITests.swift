import Foundation
import PHIGuardAccess
import PHIGuardIdentity
import PHIGuardLedger
import PHIGuardPolicy
import Testing

@testable import PHIGuardServer

@Suite("Access decision API")
struct AccessAPITests {
    static func headers(_ token: String) -> [String: String] {
        ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
    }

    static let entities = """
        [
          {"uid": {"type": "PHIGuard::User", "id": "dr.grey"},
           "attrs": {"department": "medicine", "facility": {"__entity": {"type": "PHIGuard::Facility", "id": "main"}},
                     "employmentStatus": "active"},
           "parents": [{"type": "PHIGuard::Role", "id": "physician"}]},
          {"uid": {"type": "PHIGuard::User", "id": "clerk"},
           "attrs": {"department": "registration", "facility": {"__entity": {"type": "PHIGuard::Facility", "id": "main"}},
                     "employmentStatus": "active"},
           "parents": [{"type": "PHIGuard::Role", "id": "front_desk"}]},
          {"uid": {"type": "PHIGuard::Patient", "id": "p-1"},
           "attrs": {"restricted": [], "careTeam": [], "deceased": false,
                     "facility": {"__entity": {"type": "PHIGuard::Facility", "id": "main"}}}}
        ]
        """

    static func ask(_ user: String, _ category: String, purpose: String = "TREAT") -> String {
        #"{"user": "\#(user)", "action": "view", "patient": "p-1", "category": "\#(category)", "#
            + #""context": {"network": "internal", "mfaAgeMinutes": 5, "purposeOfUse": "\#(purpose)", "hour": 10}}"#
    }

    /// An instance whose directory holds a physician, a clerk and a patient.
    static func instance() async throws -> (TestInstance, admin: String, client: String) {
        let instance = try TestInstance()
        let admin = try instance.token([.policyManage])
        let client = try instance.token([.authorize])
        let stored = try await instance.send(
            "PUT", "/api/v1/directory/entities", body: Array(entities.utf8), headers: headers(admin))
        #expect(stored.status == 200, "\(String(decoding: stored.body, as: UTF8.self))")
        return (instance, admin, client)
    }

    @Test("a decision answers with policies, reasons, obligations and its ledger entry")
    func authorize() async throws {
        let (instance, _, client) = try await Self.instance()
        let ledger = instance.application.context.ledger
        let before = ledger.size
        let answer = try await instance.send(
            "POST", "/api/v1/authorize", body: Array(Self.ask("dr.grey", "general").utf8), headers: Self.headers(client)
        )
        #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
        let body = try TestInstance.object(answer.body)
        #expect(body["decision"] as? String == "allow")
        #expect(body["policies"] as? [String] == ["physician-treatment"])
        #expect((body["reasons"] as? [String])?.count == 1)
        #expect(body["policy_version"] as? Int == 1)
        let audit = try #require(body["audit"] as? [String: Any])
        let index = try #require(audit["index"] as? Int)
        #expect(index >= before)
        let event = try #require(try ledger.entry(at: index).event)
        #expect(event.eventClass == .accessDecision)
        #expect(event.actor.userID == "dr.grey")
        #expect(event.patientID == "p-1")
        #expect(event.outcome.succeeded)
        #expect(event.details["policies"] == "physician-treatment")
    }

    @Test("a decision answer is JSON with every member, escaped, in the encoder's sorted order")
    func answerJSON() throws {
        let receipt = try JSONDecoder().decode(
            LedgerReceipt.self, from: Data(#"{"index": 7, "event_id": "e\"1", "leaf_hash": "ab"}"#.utf8))
        let answer = DecisionAnswer(
            decision: "deny", policies: ["p1", "p2"], reasons: ["line\nbreak"], obligations: [],
            errors: [(policy: "p3", message: "tab\there \u{1}")], policyVersion: 3, receipt: receipt)
        let bytes = DecisionAnswer.batch([answer, answer], treeSize: 9)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(
            text.hasPrefix(
                #"{"decisions":[{"audit":{"event_id":"e\"1","index":7,"leaf_hash":"ab"},"decision":"deny","errors":[{"message":"tab\there \u0001","policy":"p3"}],"obligations":[],"policies":["p1","p2"],"policy_version":3,"reasons":["line\nbreak"]},"#
            ))
        let body = try TestInstance.object(bytes)
        #expect(body["tree_size"] as? Int == 9)
        #expect((body["decisions"] as? [[String: Any]])?.count == 2)
    }

    @Test("a batch decides each request in order and records each one")
    func batch() async throws {
        let (instance, _, client) = try await Self.instance()
        let requests = [
            Self.ask("dr.grey", "general"), Self.ask("clerk", "general"), Self.ask("dr.grey", "psychotherapy_notes"),
        ]
        let before = instance.application.context.ledger.size
        let answer = try await instance.send(
            "POST", "/api/v1/authorize/batch", body: Array("{\"requests\": [\(requests.joined(separator: ","))]}".utf8),
            headers: Self.headers(client))
        #expect(answer.status == 200)
        let decisions = try #require(try TestInstance.object(answer.body)["decisions"] as? [[String: Any]])
        #expect(decisions.map { $0["decision"] as? String } == ["allow", "deny", "deny"])
        // No device named: the request counts as coming from an unmanaged one.
        #expect(
            decisions[2]["policies"] as? [String] == [
                "psychotherapy-notes-author-or-treating-bh", "sensitive-categories-need-compliant-device",
            ])
        #expect(instance.application.context.ledger.size == before + 3)
    }

    @Test("a bad request or batch decides nothing and names each bad field")
    func rejects() async throws {
        let (instance, _, client) = try await Self.instance()
        let before = instance.application.context.ledger.size
        let batch = "{\"requests\": [\(Self.ask("dr.grey", "general")), {\"user\": \"x\", \"action\": \"fly\"}]}"
        let answer = try await instance.send(
            "POST", "/api/v1/authorize/batch", body: Array(batch.utf8), headers: Self.headers(client))
        #expect(answer.status == 422)
        #expect(answer.headers["content-type"] == "application/problem+json")
        let errors = try #require(try TestInstance.object(answer.body)["errors"] as? [[String: Any]])
        #expect(errors.contains { $0["pointer"] as? String == "/requests/1/record" })
        #expect(instance.application.context.ledger.size == before)
        let noScope = try await instance.send(
            "POST", "/api/v1/authorize", body: Array(Self.ask("dr.grey", "general").utf8),
            headers: Self.headers(try instance.token([.auditRead])))
        #expect(noScope.status == 403)
    }

    @Test("versions: a broken one is refused activation with line numbers; activation and dry run work")
    func versions() async throws {
        let (instance, admin, client) = try await Self.instance()
        _ = try await instance.send(
            "POST", "/api/v1/authorize", body: Array(Self.ask("clerk", "demographics", purpose: "HOPERAT").utf8),
            headers: Self.headers(client))
        let syntax = try await instance.send(
            "POST", "/api/v1/policies", body: Array(#"{"policies": "permit (principal,\n action"}"#.utf8),
            headers: Self.headers(admin))
        #expect(syntax.status == 422)
        #expect(String(decoding: syntax.body, as: UTF8.self).contains("line 2"))

        let invalid = try await instance.send(
            "POST", "/api/v1/policies",
            body: Array(#"{"policies": "permit (principal, action, resource) when { resource.nope };"}"#.utf8),
            headers: Self.headers(admin))
        #expect(invalid.status == 201)
        let invalidVersion = try #require(try TestInstance.object(invalid.body)["version"] as? Int)
        let refused = try await instance.send(
            "POST", "/api/v1/policies/\(invalidVersion)/activate", headers: Self.headers(admin))
        #expect(refused.status == 422)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("line 1, column 1"))

        let stricter = HIPAAPolicyPackText.withFrontDeskLockedOut
        let body = try JSONSerialization.data(withJSONObject: ["policies": stricter, "comment": "lock out"])
        let created = try await instance.send(
            "POST", "/api/v1/policies", body: Array(body), headers: Self.headers(admin))
        #expect(created.status == 201)
        let version = try #require(try TestInstance.object(created.body)["version"] as? Int)
        let dryRun = try await instance.send(
            "POST", "/api/v1/policies/\(version)/dry-run", body: Array(#"{"days": 1}"#.utf8),
            headers: Self.headers(admin))
        #expect(dryRun.status == 200)
        let replay = try TestInstance.object(dryRun.body)
        let changed = try #require(replay["changed"] as? [[String: Any]])
        #expect(changed.count == 1)
        #expect(changed.first?["before"] as? String == "allow")
        #expect(changed.first?["after"] as? String == "deny")

        let ledger = instance.application.context.ledger
        let before = ledger.size
        let activated = try await instance.send(
            "POST", "/api/v1/policies/\(version)/activate", headers: Self.headers(admin))
        #expect(activated.status == 200)
        #expect(try ledger.entry(at: before).event?.action == .policyActivate)
        let list = try TestInstance.object(
            try await instance.send("GET", "/api/v1/policies", headers: Self.headers(admin)).body)
        #expect(list["active_version"] as? Int == version)
        let after = try await instance.send(
            "POST", "/api/v1/authorize", body: Array(Self.ask("clerk", "demographics", purpose: "HOPERAT").utf8),
            headers: Self.headers(client))
        #expect(try TestInstance.object(after.body)["decision"] as? String == "deny")
    }
}

enum HIPAAPolicyPackText {
    static var withFrontDeskLockedOut: String {
        HIPAAPolicyPack.policies
            + "\n@id(\"front-desk-suspended\")\n@reason(\"Registration is paused\")\n"
            + "forbid (principal in PHIGuard::Role::\"front_desk\", action, resource);\n"
    }
}
