import Foundation
import PHIGuardCrypto
import PHIGuardLedger
import Testing

@Suite("OCSF and syslog export formats")
struct ExportFormatTests {
    @Test(
        "OCSF class, activity and type_uid follow the action",
        arguments: [
            (AuditEventClass.phiAccess, AuditAction.create, 6001, 1), (.phiAccess, .view, 6001, 2),
            (.phiAccess, .update, 6001, 3), (.phiAccess, .delete, 6001, 4), (.phiAccess, .query, 6001, 5),
            (.phiAccess, .export, 6001, 7), (.phiAccess, .print, 6001, 99), (.authentication, .signinSuccess, 3002, 1),
            (.authentication, .signinFailure, 3002, 1), (.accountManagement, .privilegeChange, 3005, 1),
            (.accountManagement, .accountLock, 3001, 9), (.administration, .configChange, 3004, 3),
            (.administration, .tokenCreate, 3004, 1), (.administration, .tokenRevoke, 3004, 4),
        ])
    func ocsfClassification(eventClass: AuditEventClass, action: AuditAction, classUID: Int, activityID: Int) throws {
        let event = try AuditEvent(
            id: "e", eventClass: eventClass, action: action, actor: .init(userID: "u-1"), outcome: .success,
            sourceAddress: "10.0.0.8", receivedTime: ExportFixtures.received)
        let entry = LedgerEntry(index: 7, leafHash: event.leafHash, event: event)
        let object = try ExportFixtures.json(
            OCSFMapper.event(from: entry, product: .init(vendorName: "Example Health", version: "1.0")))
        #expect(object["class_uid"] as? Int == classUID && object["activity_id"] as? Int == activityID)
        #expect(object["type_uid"] as? Int == classUID * 100 + activityID)
        #expect(object["category_uid"] as? Int == classUID / 1000)
        #expect(object["time"] as? Int == Int(try ExportFixtures.received.millisecondsSince1970))
        #expect(
            (object["actor"] as? [String: Any]).flatMap { $0["user"] as? [String: Any] }?["uid"] as? String == "u-1")
        #expect((object["src_endpoint"] as? [String: Any])?["ip"] as? String == "10.0.0.8")
        let product = (object["metadata"] as? [String: Any])?["product"] as? [String: Any]
        #expect(product?["name"] as? String == "PHIGuard" && product?["vendor_name"] as? String == "Example Health")
        let unmapped = (object["unmapped"] as? [String: Any])?["phiguard"] as? [String: Any]
        #expect(unmapped?["ledger_index"] as? Int == 7 && unmapped?["leaf_hash"] as? String == event.leafHash.hex)
    }

    @Test("OCSF failures carry status 2 and never the patient id")
    func ocsfFailure() throws {
        let event = try ExportFixtures.phiEvent(.view, succeeded: false)
        let bytes = try #require(
            OCSFMapper.event(
                from: LedgerEntry(index: 0, leafHash: event.leafHash, event: event),
                product: .init(vendorName: "v", version: "1")))
        let object = try ExportFixtures.json(bytes)
        #expect(object["status_id"] as? Int == 2 && object["status_detail"] as? String == "policy denied")
        #expect(!String(decoding: bytes, as: UTF8.self).contains("p-9"))
    }

    @Test("A syslog message follows the RFC 5424 grammar")
    func syslogGrammar() throws {
        let event = try ExportFixtures.phiEvent(.view)
        let entry = LedgerEntry(index: 12, leafHash: event.leafHash, event: event)
        let message = Syslog5424.message(for: entry, hostname: "node-1", appName: "phiguard")
        let expected =
            "<165>1 2026-12-03T19:08:11.123Z node-1 phiguard - view [phiguard@32473 index=\"12\" leaf_hash=\""
            + event.leafHash.hex
            + "\" event_class=\"phi.access\" action=\"view\" outcome=\"success\"] phi.access view by u-42 succeeded"
        #expect(message == expected)
        #expect(!message.contains("p-9"))
        #expect(message.utf8.allSatisfy { (0x20...0x7E).contains($0) })
    }

    @Test("A failure is a warning and the facility sets the priority")
    func syslogPriority() throws {
        let event = try ExportFixtures.phiEvent(.view, succeeded: false)
        let entry = LedgerEntry(index: 0, leafHash: event.leafHash, event: event)
        #expect(Syslog5424.message(for: entry, hostname: "h", appName: "a", facility: .authpriv).hasPrefix("<84>1 "))
        let local0 = try #require(Syslog5424.Facility.local(0))
        #expect(Syslog5424.message(for: entry, hostname: "", appName: "a", facility: local0).hasPrefix("<132>1 2026"))
        #expect(Syslog5424.message(for: entry, hostname: "", appName: "a").contains(".123Z - a - view ["))
    }

    @Test("Structured data values escape quote, backslash and bracket")
    func syslogEscaping() throws {
        var event = try ExportFixtures.phiEvent(.view)
        event.action = AuditAction(rawValue: #"x"y\z]"#)
        let message = Syslog5424.message(
            for: LedgerEntry(index: 0, leafHash: [1], event: event), hostname: "h", appName: "a")
        #expect(message.contains(#"action="x\"y\\z\]""#))
    }

    @Test("Octet counting prefixes the UTF-8 byte count")
    func octetCounting() {
        #expect(Syslog5424.octetCounted("<13>1 - - - - - - é") == Array("20 <13>1 - - - - - - é".utf8))
    }

    @Test("A pruned entry still yields a syslog message with its index and leaf hash")
    func prunedSyslog() {
        let message = Syslog5424.message(
            for: LedgerEntry(index: 5, leafHash: [0xAB], event: nil), hostname: "h", appName: "a")
        #expect(message == #"<165>1 - h a - pruned [phiguard@32473 index="5" leaf_hash="ab"] ledger entry 5 pruned"#)
    }
}
