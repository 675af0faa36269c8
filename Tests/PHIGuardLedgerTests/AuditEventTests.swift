import PHIGuardCore
import PHIGuardCrypto
import Testing

@testable import PHIGuardLedger

@Suite("Audit events")
struct AuditEventTests {
    static func event() throws -> AuditEvent {
        try AuditEvent(
            id: "evt-0001", eventClass: .phiAccess, action: .view,
            actor: .init(userID: "u-42", role: "physician", onBehalfOf: "u-7"), patientID: "p-9",
            phiCategory: "mental-health", resource: .init(type: "Observation", id: "obs-3"), outcome: .success,
            purposeOfUse: .emergencyTreatment, breakTheGlassJustification: "patient unconscious in ED",
            sourceAddress: "10.0.0.8", deviceID: "ws-12", facility: "north",
            sourceTime: AuditTime(text: "2026-12-03T19:08:11.120Z"),
            receivedTime: AuditTime(text: "2026-12-03T19:08:11.123Z"), details: ["ward": "7B", "app": "ehr"])
    }

    static let golden =
        #"{"action":"view","actor":{"on_behalf_of":"u-7","role":"physician","user_id":"u-42"},"#
        + #""break_the_glass":{"justification":"patient unconscious in ED"},"details":{"app":"ehr","ward":"7B"},"#
        + #""device_id":"ws-12","event_class":"phi.access","facility":"north","id":"evt-0001","#
        + #""outcome":{"result":"success"},"patient_id":"p-9","phi_category":"mental-health","#
        + #""purpose_of_use":"ETREAT","received_time":"2026-12-03T19:08:11.123Z","#
        + #""resource":{"id":"obs-3","type":"Observation"},"schema_version":1,"#
        + #""source_address":"10.0.0.8","source_time":"2026-12-03T19:08:11.120Z"}"#

    @Test("A fixed event serializes to the golden bytes")
    func goldenSerialization() throws {
        #expect(String(decoding: try Self.event().canonicalJSON(), as: UTF8.self) == Self.golden)
        #expect(try Self.event().leafHash == MerkleTree.leafHash(Array(Self.golden.utf8)))
    }

    @Test("The direct writer gives the bytes of the canonical value for any mix of fields")
    func directWriterMatchesValue() throws {
        var random = SystemRandomNumberGenerator()
        let samples = ["", "a", "Z", "é", "\u{1F600}", "tab\there", "quote\"back\\slash", "\u{1}\u{1F}", "a/b"]
        func pick() -> String { samples.randomElement(using: &random)! + String(Int.random(in: 0..<3, using: &random)) }
        func maybe() -> String? { Bool.random(using: &random) ? pick() : nil }
        for _ in 0..<300 {
            var event = try Self.event()
            event.id = pick()
            event.actor = .init(userID: pick(), role: maybe(), onBehalfOf: maybe())
            event.patientID = maybe()
            event.phiCategory = maybe()
            event.resource = Bool.random(using: &random) ? .init(type: pick(), id: pick()) : nil
            event.outcome = .init(succeeded: Bool.random(using: &random), reason: maybe())
            event.breakTheGlassJustification = maybe()
            event.sourceAddress = maybe()
            event.deviceID = maybe()
            event.facility = maybe()
            event.sourceTime = Bool.random(using: &random) ? nil : try AuditTime(millisecondsSince1970: 86_400_123)
            event.details = Dictionary(
                (0..<Int.random(in: 0..<6, using: &random)).map { _ in (pick(), pick()) },
                uniquingKeysWith: { a, _ in a })
            #expect(event.canonicalJSON() == CanonicalJSON.serialize(event.canonicalValue))
        }
    }

    @Test("Serialization does not depend on the order details were inserted")
    func keyOrder() throws {
        var forward = try Self.event()
        var backward = try Self.event()
        forward.details = [:]
        backward.details = [:]
        let keys = (0..<50).map { "k\($0)" } + ["Z", "a", "é", "\u{1F600}", "\u{FFFD}"]
        for key in keys { forward.details[key] = key }
        for key in keys.reversed() { backward.details[key] = key }
        #expect(forward.canonicalJSON() == backward.canonicalJSON())
        let text = String(decoding: forward.canonicalJSON(), as: UTF8.self)
        let positions = ["\"Z\"", "\"a\"", "\"k0\"", "\"é\"", "\"\u{FFFD}\"", "\"\u{1F600}\""].map {
            text.range(of: $0)?.lowerBound
        }
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted() && !positions.contains(nil))
    }

    @Test("Decoding the serialization gives the same event back")
    func roundTrip() throws {
        let event = try Self.event()
        #expect(try AuditEvent(canonicalJSON: event.canonicalJSON()) == event)
        let minimal = try AuditEvent(
            id: "e", eventClass: .authentication, action: .signinFailure, actor: .init(userID: "u"),
            outcome: .failure("bad password"), receivedTime: AuditTime(millisecondsSince1970: 0))
        #expect(
            String(decoding: minimal.canonicalJSON(), as: UTF8.self)
                == #"{"action":"signin.failure","actor":{"user_id":"u"},"event_class":"authentication","id":"e","#
                + #""outcome":{"reason":"bad password","result":"failure"},"received_time":"1970-01-01T00:00:00.000Z","#
                + #""schema_version":1}"#)
        #expect(try AuditEvent(canonicalJSON: minimal.canonicalJSON()) == minimal)
    }

    @Test("Control characters are escaped and non-ASCII is written as UTF-8")
    func escaping() throws {
        var event = try Self.event()
        event.details = ["text": "q\"b\\s/\u{8}\u{9}\u{A}\u{C}\u{D}\u{0}\u{1F}\u{7F}é\u{1F600}"]
        let text = String(decoding: event.canonicalJSON(), as: UTF8.self)
        #expect(text.contains(#""text":"q\"b\\s/\b\t\n\f\r\u0000\u001f"# + "\u{7F}é\u{1F600}\""))
        #expect(try AuditEvent(canonicalJSON: event.canonicalJSON()) == event)
    }

    @Test("Changing any one field changes the leaf hash")
    func oneFieldChange() throws {
        let base = try Self.event()
        let changes: [(inout AuditEvent) throws -> Void] = [
            { $0.id = "evt-0002" }, { $0.eventClass = .administration }, { $0.action = .print },
            { $0.actor.userID = "u-43" }, { $0.actor.role = nil }, { $0.actor.onBehalfOf = "u-8" },
            { $0.patientID = "p-8" }, { $0.phiCategory = nil }, { $0.resource?.id = "obs-4" },
            { $0.outcome = .failure("denied") }, { $0.purposeOfUse = .treatment },
            { $0.breakTheGlassJustification = nil }, { $0.sourceAddress = "10.0.0.9" }, { $0.deviceID = nil },
            { $0.facility = "south" }, { $0.sourceTime = try AuditTime(millisecondsSince1970: 1) },
            { $0.receivedTime = try AuditTime(text: "2026-12-03T19:08:11.124Z") }, { $0.details["ward"] = "7C" },
        ]
        var hashes: Set<[UInt8]> = [base.leafHash]
        for change in changes {
            var event = base
            try change(&event)
            hashes.insert(event.leafHash)
        }
        #expect(hashes.count == changes.count + 1)
    }

    @Test(
        "Non-canonical or invalid encodings are refused",
        arguments: [
            golden.replacingOccurrences(of: ",", with: ", "),
            golden.replacingOccurrences(of: #""schema_version":1"#, with: #""schema_version":2"#),
            golden.replacingOccurrences(of: #"{"action":"view","#, with: #"{"action":"view","zzz":"x","#),
            golden.replacingOccurrences(of: #""id":"evt-0001","#, with: ""),
            golden.replacingOccurrences(of: "ws-12", with: #"ws\u002d12"#),
            golden.replacingOccurrences(of: #""result":"success""#, with: #""result":"ok""#),
            golden.replacingOccurrences(of: "19:08:11.123Z", with: "19:08:11Z"),
            golden.replacingOccurrences(of: #""schema_version":1"#, with: #""schema_version":1.0"#),
            golden.replacingOccurrences(of: #""facility":"north""#, with: #""facility":null"#),
            #"{"action":"view","action":"view"}"#, "", "{", "[]",
        ])
    func refusals(text: String) {
        #expect(throws: PHIGuardError(.eventInvalid, "")) { try AuditEvent(canonicalJSON: Array(text.utf8)) }
    }

    @Test("Events that break the rules are refused")
    func validation() {
        let time = try? AuditTime(millisecondsSince1970: 0)
        #expect(throws: PHIGuardError(.eventInvalid, "")) {
            try AuditEvent(
                id: "", eventClass: .phiAccess, action: .view, actor: .init(userID: "u"), outcome: .success,
                receivedTime: #require(time))
        }
        #expect(throws: PHIGuardError(.eventInvalid, "")) {
            try AuditEvent(
                id: "e", eventClass: .phiAccess, action: .view, actor: .init(userID: "u"),
                outcome: .init(succeeded: false), receivedTime: #require(time))
        }
        #expect(throws: PHIGuardError(.eventInvalid, "")) {
            try AuditEvent(
                id: "e", eventClass: .phiAccess, action: .view, actor: .init(userID: "u"), outcome: .success,
                breakTheGlassJustification: "", receivedTime: #require(time))
        }
    }

    @Test(
        "Times format and parse as RFC 3339 UTC with milliseconds",
        arguments: [
            (0, "1970-01-01T00:00:00.000Z"), (-1, "1969-12-31T23:59:59.999Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"), (1_796_324_891_123, "2026-12-03T19:08:11.123Z"),
            (-62_167_219_200_000, "0000-01-01T00:00:00.000Z"), (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
        ] as [(Int64, String)])
    func times(milliseconds: Int64, text: String) throws {
        let time = try AuditTime(millisecondsSince1970: milliseconds)
        #expect(time.text == text)
        #expect(try AuditTime(text: text) == time)
        // Foundation switches to the Julian calendar before 1582; compare with it on modern dates only.
        if milliseconds > -1_000_000_000_000 {
            #expect(try ISO8601.parse(text).map { try AuditTime($0) } == time)
        }
    }

    @Test(
        "Malformed times are refused",
        arguments: [
            "2026-12-03T19:08:11Z", "2026-12-03T19:08:11.123+00:00", "2026-02-29T00:00:00.000Z",
            "2026-13-01T00:00:00.000Z", "2026-12-03T24:00:00.000Z", "2026-12-03 19:08:11.123Z",
            "2026-12-03T19:08:60.000Z", "+026-12-03T19:08:11.123Z",
        ])
    func malformedTimes(text: String) {
        #expect(throws: PHIGuardError(.eventInvalid, "")) { try AuditTime(text: text) }
    }
}

extension AuditEvent {
    /// The event as a generic canonical JSON value, member names as the ledger README lists them: what
    /// `canonicalJSON()` must serialize to, written the slow, obvious way.
    var canonicalValue: CanonicalJSON.Value {
        var members: [String: CanonicalJSON.Value] = [
            "schema_version": .integer(Int64(Self.schemaVersion)),
            "id": .string(id),
            "event_class": .string(eventClass.rawValue),
            "action": .string(action.rawValue),
            "actor": .object(
                compact(["user_id": actor.userID, "role": actor.role, "on_behalf_of": actor.onBehalfOf])),
            "outcome": .object(
                compact(["result": outcome.succeeded ? "success" : "failure", "reason": outcome.reason])),
            "received_time": .string(receivedTime.text),
        ]
        let optionals: [String: String?] = [
            "patient_id": patientID, "phi_category": phiCategory, "purpose_of_use": purposeOfUse?.rawValue,
            "source_address": sourceAddress, "device_id": deviceID, "facility": facility,
            "source_time": sourceTime?.text,
        ]
        members.merge(compact(optionals)) { first, _ in first }
        if let resource { members["resource"] = .object(["type": .string(resource.type), "id": .string(resource.id)]) }
        if let breakTheGlassJustification {
            members["break_the_glass"] = .object(["justification": .string(breakTheGlassJustification)])
        }
        if !details.isEmpty { members["details"] = .object(details.mapValues(CanonicalJSON.Value.string)) }
        return .object(members)
    }

    private func compact(_ fields: [String: String?]) -> [String: CanonicalJSON.Value] {
        fields.compactMapValues { $0.map(CanonicalJSON.Value.string) }
    }
}
