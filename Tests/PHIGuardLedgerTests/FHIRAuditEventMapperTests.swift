import Foundation
import PHIGuardCrypto
import PHIGuardLedger
import Testing

@Suite("FHIR AuditEvent mapping")
struct FHIRAuditEventMapperTests {
    /// A BALP-shaped read of a patient's Observation, broken glass included.
    static let balpRead = #"""
        {"resourceType":"AuditEvent","id":"a1",
         "type":{"system":"http://terminology.hl7.org/CodeSystem/audit-event-type","code":"rest"},
         "subtype":[{"system":"http://hl7.org/fhir/restful-interaction","code":"read"}],
         "action":"R","recorded":"2026-12-03T14:08:11.12-05:00","outcome":"0",
         "purposeOfEvent":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"BTG"}],
                            "text":"patient unconscious in ED"}],
         "agent":[{"type":{"coding":[{"code":"110153"}]},"who":{"identifier":{"value":"u-42"}},"requestor":true,
                   "role":[{"coding":[{"code":"physician"}]}],"network":{"address":"10.0.0.8","type":"2"}},
                  {"who":{"display":"EHR server"},"requestor":false}],
         "source":{"site":"north","observer":{"reference":"Device/ws-12"}},
         "entity":[{"what":{"reference":"Patient/123"},"type":{"code":"1"},"role":{"code":"1"}},
                   {"what":{"reference":"https://ehr.example/fhir/Observation/obs-3/_history/2"},
                    "type":{"code":"2"},"role":{"code":"4"},"securityLabel":[{"code":"PSY"}]}]}
        """#

    @Test("A BALP read maps to a canonical view event")
    func balpRead() throws {
        let event = try FHIRAuditEventMapper.event(
            fromResource: Array(Self.balpRead.utf8), receivedTime: ExportFixtures.received, id: "e1")
        #expect(event.eventClass == .phiAccess && event.action == .view)
        #expect(event.actor == .init(userID: "u-42", role: "physician"))
        #expect(event.patientID == "123")
        #expect(event.resource == .init(type: "Observation", id: "obs-3"))
        #expect(event.phiCategory == "mental-health")
        #expect(event.purposeOfUse == .breakTheGlass)
        #expect(event.breakTheGlassJustification == "patient unconscious in ED")
        #expect(event.sourceAddress == "10.0.0.8" && event.deviceID == "ws-12" && event.facility == "north")
        #expect(event.sourceTime == (try AuditTime(text: "2026-12-03T19:08:11.120Z")))
        #expect(event.outcome == .success)
    }

    @Test(
        "Action codes and REST subtypes choose the action",
        arguments: [
            (#""action":"C""#, AuditAction.create), (#""action":"R""#, .view), (#""action":"U""#, .update),
            (#""action":"D""#, .delete), (#""action":"E""#, .export),
            (#""action":"E","subtype":[{"code":"search-type"}]"#, .query),
        ])
    func actions(fragment: String, action: AuditAction) throws {
        let json =
            #"{"resourceType":"AuditEvent","type":{"code":"rest"},"recorded":"2026-12-03T19:08:11Z","#
            + fragment
            + #","agent":[{"who":{"reference":"Practitioner/7"},"requestor":true}],"source":{"observer":{"display":"x"}}}"#
        let event = try FHIRAuditEventMapper.event(
            fromResource: Array(json.utf8), receivedTime: ExportFixtures.received, id: "e")
        #expect(event.action == action)
        #expect(event.actor.userID == "Practitioner/7")
    }

    @Test("A failure outcome keeps its description or gets a default reason")
    func failures() throws {
        let base =
            #"{"resourceType":"AuditEvent","type":{"code":"rest"},"recorded":"2026-12-03T19:08:11Z","#
            + #""agent":[{"who":{"reference":"u"},"requestor":true}],"source":{"observer":{"display":"x"}},"#
        let described = try FHIRAuditEventMapper.event(
            fromResource: Array((base + #""outcome":"8","outcomeDesc":"denied"}"#).utf8),
            receivedTime: ExportFixtures.received, id: "e")
        #expect(described.outcome == .failure("denied"))
        let bare = try FHIRAuditEventMapper.event(
            fromResource: Array((base + #""outcome":"12"}"#).utf8), receivedTime: ExportFixtures.received, id: "e")
        #expect(!bare.outcome.succeeded && bare.outcome.reason?.isEmpty == false)
    }

    @Test("Missing required elements are reported with their pointers")
    func missingElements() throws {
        let json = #"{"resourceType":"AuditEvent","recorded":"yesterday","agent":[],"outcome":"3"}"#
        let error = try #require(
            throws: FHIRMappingError.self,
            performing: {
                try FHIRAuditEventMapper.event(
                    fromResource: Array(json.utf8), receivedTime: ExportFixtures.received, id: "e")
            })
        #expect(error.issues.map(\.pointer) == ["/type", "/recorded", "/outcome", "/agent", "/source/observer"])
    }

    @Test("A Bundle with one bad entry maps nothing and names the entry")
    func bundleWithBadEntry() throws {
        let good = Self.balpRead
        let bad = Self.balpRead.replacingOccurrences(of: #""recorded":"2026-12-03T14:08:11.12-05:00","#, with: "")
        let bundle =
            #"{"resourceType":"Bundle","type":"collection","entry":["#
            + [good, good, good, bad].map { #"{"resource":\#($0)}"# }.joined(separator: ",") + "]}"
        let error = try #require(
            throws: FHIRMappingError.self,
            performing: {
                try FHIRAuditEventMapper.events(
                    from: Array(bundle.utf8), receivedTime: ExportFixtures.received, makeID: { "e\($0)" })
            })
        #expect(error.issues == [.init(pointer: "/entry/3/resource/recorded", detail: "recorded is required")])

        let fine = #"{"resourceType":"Bundle","entry":[{"resource":\#(good)},{"resource":\#(good)}]}"#
        let events = try FHIRAuditEventMapper.events(
            from: Array(fine.utf8), receivedTime: ExportFixtures.received, makeID: { "e\($0)" })
        #expect(events.map(\.id) == ["e0", "e1"])
    }

    @Test("A ledger entry becomes an AuditEvent with the required elements and the BALP patient entity")
    func outbound() throws {
        let event = try ExportFixtures.phiEvent(.view)
        let entry = LedgerEntry(index: 41, leafHash: event.leafHash, event: event)
        let resource = try ExportFixtures.json(FHIRAuditEventMapper.resource(from: entry))
        #expect(resource["resourceType"] as? String == "AuditEvent" && resource["id"] as? String == "41")
        let type = try #require(resource["type"] as? [String: Any])
        #expect(type["system"] as? String == "http://dicom.nema.org/resources/ontology/DCM")
        #expect(type["code"] as? String == "110110")
        #expect(resource["action"] as? String == "R" && resource["outcome"] as? String == "0")
        #expect(resource["recorded"] as? String == "2026-12-03T19:08:11.120Z")
        let agents = try #require(resource["agent"] as? [[String: Any]])
        #expect(agents.allSatisfy { $0["requestor"] is Bool } && agents.contains { $0["requestor"] as? Bool == true })
        let source = try #require(resource["source"] as? [String: Any])
        #expect(source["observer"] != nil)
        let entities = try #require(resource["entity"] as? [[String: Any]])
        let patient = try #require(entities.first)
        #expect((patient["what"] as? [String: Any])?["reference"] as? String == "Patient/p-9")
        #expect((patient["type"] as? [String: Any])?["code"] as? String == "1")
        #expect((patient["role"] as? [String: Any])?["code"] as? String == "1")
        let text = String(decoding: try #require(FHIRAuditEventMapper.resource(from: entry)), as: UTF8.self)
        #expect(text.contains(entry.leafHash.base64))
    }

    @Test("An exported event maps back to the same facts")
    func roundTrip() throws {
        for event in try ExportFixtures.allKinds() {
            let entry = LedgerEntry(index: 3, leafHash: event.leafHash, event: event)
            let json = try #require(FHIRAuditEventMapper.resource(from: entry))
            let back = try FHIRAuditEventMapper.event(
                fromResource: json, receivedTime: event.receivedTime, id: event.id)
            #expect(back.eventClass == event.eventClass, "\(event.action)")
            #expect(back.action == event.action, "\(event.action)")
            #expect(back.actor == AuditEvent.Actor(userID: event.actor.userID, role: event.actor.role))
            #expect(back.patientID == event.patientID)
            #expect(back.resource == event.resource && back.phiCategory == event.phiCategory)
            #expect(back.purposeOfUse == event.purposeOfUse && back.outcome == event.outcome)
            #expect(back.breakTheGlassJustification == event.breakTheGlassJustification)
            #expect(back.sourceAddress == event.sourceAddress && back.facility == event.facility)
        }
    }

    @Test("A pruned entry has no resource")
    func pruned() {
        #expect(FHIRAuditEventMapper.resource(from: LedgerEntry(index: 0, leafHash: [0], event: nil)) == nil)
    }
}
