import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardIdentity
import PHIGuardLedger
import PHIGuardServer
import Testing

@Suite("Audit API")
struct AuditAPITests {
    static let event = #"""
        {"action": "view", "actor": {"user_id": "dr.grey", "role": "physician"}, "patient_id": "MRN-1001",
         "phi_category": "general", "purpose_of_use": "TREAT", "source_time": "2026-12-03T10:00:00.000Z",
         "facility": "north"}
        """#

    static func headers(_ token: String) -> [String: String] {
        ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
    }

    @Test("events are recorded, proven against a signed checkpoint and found again")
    func recordProveSearch() async throws {
        let instance = try TestInstance()
        let writer = try instance.token([.auditWrite])
        let reader = try instance.token([.auditRead])
        let single = try await instance.send(
            "POST", "/api/v1/audit/events", body: Array(Self.event.utf8), headers: Self.headers(writer))
        #expect(single.status == 201)
        let batch = "{\"events\": [" + Array(repeating: Self.event, count: 5).joined(separator: ",") + "]}"
        let many = try await instance.send(
            "POST", "/api/v1/audit/events", body: Array(batch.utf8), headers: Self.headers(writer))
        #expect(many.status == 201)
        let receipts = try #require(try TestInstance.object(many.body)["receipts"] as? [[String: Any]])
        #expect(receipts.count == 5)
        let index = try #require(receipts.last?["index"] as? Int)

        let signed = try await instance.send("POST", "/api/v1/ledger/checkpoint", headers: Self.headers(writer))
        #expect(signed.status == 201)
        let key = String(decoding: try await instance.send("GET", "/api/v1/ledger/key").body, as: UTF8.self)
        let verifier = try NoteVerifier(verifierKey: key.trimmingCharacters(in: .whitespacesAndNewlines))
        let checkpoint = try Checkpoint.open(String(decoding: signed.body, as: UTF8.self), verifiers: [verifier])

        let proof = try await instance.send(
            "GET", "/api/v1/ledger/proof/inclusion?index=\(index)&size=\(checkpoint.size)",
            headers: Self.headers(reader))
        #expect(proof.status == 200)
        let object = try TestInstance.object(proof.body)
        let hashes = try #require(object["hashes"] as? [String]).map { try [UInt8](base64: $0) }
        let entry = try await instance.send("GET", "/api/v1/ledger/entries/\(index)", headers: Self.headers(reader))
        let body = entry.body
        let start = try #require(body.firstRange(of: Array("\"event\":".utf8))).upperBound
        let end = try #require(body.lastRange(of: Array(",\"pruned\"".utf8))).lowerBound
        let leaf = MerkleTree.leafHash(Array(body[start..<end]))
        try MerkleTree.verifyInclusion(
            leafHash: leaf, index: index, treeSize: checkpoint.size, proof: hashes, root: checkpoint.rootHash)

        let found = try await instance.send(
            "GET", "/api/v1/audit/events?patient=MRN-1001&limit=2", headers: Self.headers(reader))
        let page = try TestInstance.object(found.body)
        #expect((page["events"] as? [Any])?.count == 2)
        #expect(page["next_cursor"] is Int)
        let report = try await instance.send(
            "GET", "/api/v1/audit/patients/MRN-1001/accesses?format=csv", headers: Self.headers(reader))
        let lines = String(decoding: report.body, as: UTF8.self).split(separator: "\r\n")
        #expect(lines.count == 7)
        #expect(lines[1].contains("dr.grey,physician,view,general,TREAT,success,false,north"))
    }

    @Test("a batch with bad events names each by index and field and records nothing")
    func badBatchWritesNothing() async throws {
        let instance = try TestInstance()
        let writer = try instance.token([.auditWrite])
        let before = instance.application.context.ledger.size
        let bad = #"""
            {"events": [
              {"action": "view", "actor": {"user_id": "a"}},
              {"action": "peek", "actor": {"user_id": "b"}},
              {"action": "view", "actor": {"user_id": "c"}, "source_time": "yesterday"},
              {"action": "view", "actor": {"user_id": "d"}, "outcome": {"result": "failure"}}
            ]}
            """#
        let answer = try await instance.send(
            "POST", "/api/v1/audit/events", body: Array(bad.utf8), headers: Self.headers(writer))
        #expect(answer.status == 422)
        let pointers = try #require(try TestInstance.object(answer.body)["errors"] as? [[String: String]]).compactMap {
            $0["pointer"]
        }
        #expect(pointers == ["/events/1/action", "/events/2/source_time", "/events/3/outcome/reason"])
        let typed = #"{"events": [{"action": "view", "actor": {"user_id": "a"}}, {"action": 3, "actor": {}}]}"#
        let wrong = try await instance.send(
            "POST", "/api/v1/audit/events", body: Array(typed.utf8), headers: Self.headers(writer))
        #expect(wrong.status == 400)
        #expect(String(decoding: wrong.body, as: UTF8.self).contains("/events/1/action"))
        #expect(instance.application.context.ledger.size == before)
    }

    @Test("a FHIR AuditEvent is mapped to the canonical event")
    func fhirIntake() async throws {
        let instance = try TestInstance()
        let writer = try instance.token([.auditWrite])
        let resource = #"""
            {"resourceType": "AuditEvent",
             "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110110"},
             "action": "R", "recorded": "2026-12-03T10:00:00Z", "outcome": "0",
             "agent": [{"who": {"identifier": {"value": "nurse.joy"}}, "requestor": true,
                        "network": {"address": "10.1.2.3", "type": "2"}}],
             "source": {"observer": {"display": "EHR"}},
             "entity": [{"what": {"reference": "Patient/778"}, "type": {"code": "1"}, "role": {"code": "1"}}]}
            """#
        let answer = try await instance.send(
            "POST", "/fhir/R4/AuditEvent", body: Array(resource.utf8),
            headers: ["Authorization": "Bearer \(writer)", "Content-Type": "application/fhir+json"])
        #expect(answer.status == 201, "\(String(decoding: answer.body, as: UTF8.self))")
        let index = instance.application.context.ledger.size - 1
        let event = try #require(try instance.application.context.ledger.entry(at: index).event)
        #expect(event.actor.userID == "nurse.joy")
        #expect(event.patientID == "778")
        #expect(event.action == .view)
        let broken = try await instance.send(
            "POST", "/fhir/R4/AuditEvent", body: Array(#"{"resourceType": "AuditEvent"}"#.utf8),
            headers: ["Authorization": "Bearer \(writer)", "Content-Type": "application/fhir+json"])
        #expect(broken.status == 422)
    }

    @Test("administrative changes are ledger entries")
    func adminEventsAreRecorded() async throws {
        let instance = try TestInstance()
        let manager = try instance.token([.tokensManage, .statusRead])
        let before = instance.application.context.ledger.size
        let created = try await instance.send(
            "POST", "/api/v1/tokens", body: Array(#"{"name": "siem", "scopes": ["status:read"]}"#.utf8),
            headers: Self.headers(manager))
        #expect(created.status == 201)
        let entry = try instance.application.context.ledger.entry(at: before)
        #expect(entry.event?.action == .tokenCreate)
        #expect(entry.event?.eventClass == .accountManagement)
        #expect(instance.application.context.ledger.size == before + 1)
    }

    @Test("when the ledger cannot write, intake answers 503, readiness fails, and both recover with nothing lost")
    func failsClosed() async throws {
        let instance = try TestInstance()
        let writer = try instance.token([.auditWrite])
        let store = instance.application.context.store
        let ledger = instance.application.context.ledger
        let pages = try store.write { try $0.first("PRAGMA page_count")?.int("page_count") ?? 0 }
        try store.write { try $0.execute("PRAGMA max_page_count = \(raw: String(pages))") }
        var refused = 0
        var acknowledged: [Int] = []
        let big = "{\"events\": [" + Array(repeating: Self.event, count: 200).joined(separator: ",") + "]}"
        for _ in 0..<30 {
            let started = Date()
            let answer = try await instance.send(
                "POST", "/api/v1/audit/events", body: Array(big.utf8), headers: Self.headers(writer))
            // Never hang: the writer answers within its deadline (5 s); the margin absorbs a loaded machine.
            #expect(Date().timeIntervalSince(started) < 60)
            if answer.status == 503 {
                refused += 1
                #expect(answer.headers["content-type"] == "application/problem+json")
            } else {
                #expect(answer.status == 201)
                let receipts = try #require(try TestInstance.object(answer.body)["receipts"] as? [[String: Any]])
                acknowledged += receipts.compactMap { $0["index"] as? Int }
            }
        }
        #expect(refused > 0)
        #expect(try await instance.send("GET", "/readyz").status == 503)

        try store.write { try $0.execute("PRAGMA max_page_count = 1073741823") }
        let again = try await instance.send(
            "POST", "/api/v1/audit/events", body: Array(Self.event.utf8), headers: Self.headers(writer))
        #expect(again.status == 201)
        #expect(try await instance.send("GET", "/readyz").status == 200)
        for index in acknowledged {
            #expect(try ledger.entry(at: index).event?.actor.userID == "dr.grey")
        }
        let report = try LedgerVerifier.verify(
            store: store, keyring: instance.application.context.instance.keyring, verifier: ledger.verifier)
        #expect(report.isIntact, "\(report.problems)")
    }
}
