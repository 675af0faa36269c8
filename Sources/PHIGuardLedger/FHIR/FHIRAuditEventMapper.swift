/// Maps between FHIR R4 AuditEvent resources and PHIGuard's canonical `AuditEvent`.
///
/// Inbound, a source system's AuditEvent (or a Bundle of them) becomes canonical events; every problem is
/// reported with its JSON pointer in one `FHIRMappingError`. Outbound, a ledger entry becomes an AuditEvent
/// following the IHE BALP patterns, with the ledger index and leaf hash so a reader can ask for a proof.
public enum FHIRAuditEventMapper {
    /// Maps one AuditEvent resource.
    ///
    /// - Parameters:
    ///   - json: The resource, `resourceType` `AuditEvent`.
    ///   - receivedTime: When PHIGuard received it.
    ///   - id: The id the canonical event gets.
    /// - Throws: `FHIRMappingError` naming each bad element by its JSON pointer.
    public static func event(fromResource json: [UInt8], receivedTime: AuditTime, id: String) throws -> AuditEvent {
        let document = try parse(json)
        var reader = FHIRAuditEventReader(receivedTime: receivedTime)
        let event = reader.event(from: document, at: "", id: id)
        guard let event, reader.issues.isEmpty else { throw FHIRMappingError(issues: reader.issues) }
        return event
    }

    /// Maps a Bundle of AuditEvent resources (`entry[].resource`), or a single AuditEvent, all or nothing.
    ///
    /// - Parameters:
    ///   - json: A Bundle or an AuditEvent.
    ///   - receivedTime: When PHIGuard received it.
    ///   - makeID: The id of the canonical event made from the entry at an offset (0 for a lone resource).
    /// - Throws: `FHIRMappingError` naming every bad entry element (`/entry/3/resource/recorded`); a Bundle with
    ///   any bad entry maps nothing.
    public static func events(
        from json: [UInt8], receivedTime: AuditTime, makeID: (Int) -> String
    ) throws -> [AuditEvent] {
        let document = try parse(json)
        var reader = FHIRAuditEventReader(receivedTime: receivedTime)
        guard document["resourceType"]?.string == "Bundle" else {
            guard let event = reader.event(from: document, at: "", id: makeID(0)), reader.issues.isEmpty else {
                throw FHIRMappingError(issues: reader.issues)
            }
            return [event]
        }
        guard let entries = document["entry"]?.array else {
            throw FHIRMappingError(issues: [.init(pointer: "/entry", detail: "a Bundle needs an entry array")])
        }
        var events: [AuditEvent] = []
        for (offset, entry) in entries.enumerated() {
            let pointer = "/entry/\(offset)/resource"
            guard let resource = entry["resource"], resource.isObject else {
                reader.issues.append(.init(pointer: pointer, detail: "an entry needs a resource object"))
                continue
            }
            if let event = reader.event(from: resource, at: pointer, id: makeID(offset)) { events.append(event) }
        }
        guard reader.issues.isEmpty else { throw FHIRMappingError(issues: reader.issues) }
        return events
    }

    private static func parse(_ json: [UInt8]) throws -> ExportJSON {
        guard let document = try? ExportJSON(parsing: json), document.isObject else {
            throw FHIRMappingError(issues: [.init(pointer: "", detail: "the body is not a JSON object")])
        }
        return document
    }
}
