import PHIGuardCore

/// The canonical serialization of an event, which is its Merkle leaf.
///
/// Member names (absent optionals and empty `details` are omitted):
/// `schema_version` (integer 1), `id`, `event_class`, `action`,
/// `actor` {`user_id`, `role`, `on_behalf_of`}, `patient_id`, `phi_category`, `resource` {`type`, `id`},
/// `outcome` {`result`: `success` or `failure`, `reason`}, `purpose_of_use`,
/// `break_the_glass` {`justification`}, `source_address`, `device_id`, `facility`,
/// `source_time`, `received_time` (RFC 3339 UTC with milliseconds), `details` {string: string}.
extension AuditEvent {
    /// The canonical JSON bytes of the event: the ledger entry.
    ///
    /// Written member by member in canonical order; a test holds the bytes to those of the same content built as
    /// a `CanonicalJSON.Value` and serialized generically.
    public func canonicalJSON() -> [UInt8] {
        var writer = CanonicalJSON.ObjectWriter()
        writer.beginObject()
        writer.string("action", action.rawValue)
        writer.name("actor")
        writer.beginObject()
        writer.string("on_behalf_of", actor.onBehalfOf)
        writer.string("role", actor.role)
        writer.string("user_id", actor.userID)
        writer.endObject()
        if let breakTheGlassJustification {
            writer.name("break_the_glass")
            writer.beginObject()
            writer.string("justification", breakTheGlassJustification)
            writer.endObject()
        }
        if !details.isEmpty {
            writer.name("details")
            writer.beginObject()
            for (name, value) in details.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                writer.string(name, value)
            }
            writer.endObject()
        }
        writer.string("device_id", deviceID)
        writer.string("event_class", eventClass.rawValue)
        writer.string("facility", facility)
        writer.string("id", id)
        writer.name("outcome")
        writer.beginObject()
        writer.string("reason", outcome.reason)
        writer.string("result", outcome.succeeded ? "success" : "failure")
        writer.endObject()
        writer.string("patient_id", patientID)
        writer.string("phi_category", phiCategory)
        writer.string("purpose_of_use", purposeOfUse?.rawValue)
        writer.time("received_time", receivedTime)
        if let resource {
            writer.name("resource")
            writer.beginObject()
            writer.string("id", resource.id)
            writer.string("type", resource.type)
            writer.endObject()
        }
        writer.integer("schema_version", Int64(Self.schemaVersion))
        writer.string("source_address", sourceAddress)
        writer.time("source_time", sourceTime)
        writer.endObject()
        return writer.bytes
    }

    /// The Merkle leaf hash of the event: SHA-256(0x00 || canonical JSON).
    public var leafHash: [UInt8] { MerkleTree.leafHash(canonicalJSON()) }

    /// Decodes an event from its canonical JSON, refusing any other form of the same content.
    ///
    /// - Throws: `PHIGuardError` with code `.eventInvalid` when the bytes are not JSON, not canonical, of
    ///   another schema version, have unknown or missing members, or break the event rules.
    public init(canonicalJSON bytes: [UInt8]) throws {
        let value = try CanonicalJSON.parse(bytes)
        guard CanonicalJSON.serialize(value) == bytes else {
            throw PHIGuardError(.eventInvalid, "the event is not in canonical form")
        }
        let root = try Members(value, allowed: Self.topLevelNames)
        guard try root.integer("schema_version") == Int64(Self.schemaVersion) else {
            throw PHIGuardError(.eventInvalid, "the event has an unsupported schema version")
        }
        let actor = try Members(try root.required("actor"), allowed: ["user_id", "role", "on_behalf_of"])
        let outcome = try Members(try root.required("outcome"), allowed: ["result", "reason"])
        try self.init(
            id: try root.string("id"),
            eventClass: AuditEventClass(rawValue: try root.string("event_class")),
            action: AuditAction(rawValue: try root.string("action")),
            actor: Actor(
                userID: try actor.string("user_id"), role: try actor.optionalString("role"),
                onBehalfOf: try actor.optionalString("on_behalf_of")),
            patientID: try root.optionalString("patient_id"),
            phiCategory: try root.optionalString("phi_category"),
            resource: try root.optional("resource").map(Self.resource),
            outcome: Outcome(
                succeeded: try Self.result(outcome.string("result")), reason: outcome.optionalString("reason")),
            purposeOfUse: try root.optionalString("purpose_of_use").map(PurposeOfUse.init(rawValue:)),
            breakTheGlassJustification: try root.optional("break_the_glass").map(Self.justification),
            sourceAddress: try root.optionalString("source_address"),
            deviceID: try root.optionalString("device_id"),
            facility: try root.optionalString("facility"),
            sourceTime: try root.optionalString("source_time").map(AuditTime.init(text:)),
            receivedTime: try AuditTime(text: root.string("received_time")),
            details: try root.optional("details").map(Self.details) ?? [:])
    }

    static let topLevelNames: Set<String> = [
        "schema_version", "id", "event_class", "action", "actor", "patient_id", "phi_category", "resource",
        "outcome", "purpose_of_use", "break_the_glass", "source_address", "device_id", "facility", "source_time",
        "received_time", "details",
    ]

    private static func resource(_ value: CanonicalJSON.Value) throws -> Resource {
        let members = try Members(value, allowed: ["type", "id"])
        return Resource(type: try members.string("type"), id: try members.string("id"))
    }

    private static func justification(_ value: CanonicalJSON.Value) throws -> String {
        let members = try Members(value, allowed: ["justification"])
        return try members.string("justification")
    }

    private static func details(_ value: CanonicalJSON.Value) throws -> [String: String] {
        guard case .object(let members) = value else { throw Members.failure("details is not an object") }
        return try members.mapValues { member in
            guard case .string(let text) = member else { throw Members.failure("a detail is not a string") }
            return text
        }
    }

    private static func result(_ text: String) throws -> Bool {
        switch text {
        case "success": return true
        case "failure": return false
        default: throw Members.failure("an outcome result is neither success nor failure")
        }
    }
}

/// Typed access to the members of a decoded object, refusing unknown names.
private struct Members {
    let members: [String: CanonicalJSON.Value]

    init(_ value: CanonicalJSON.Value, allowed: Set<String>) throws {
        guard case .object(let members) = value else { throw Self.failure("an event member is not an object") }
        guard members.keys.allSatisfy(allowed.contains) else { throw Self.failure("an event has an unknown member") }
        self.members = members
    }

    func optional(_ name: String) -> CanonicalJSON.Value? { members[name] }

    func required(_ name: String) throws -> CanonicalJSON.Value {
        guard let value = members[name] else { throw Self.failure("an event lacks a required member") }
        return value
    }

    func string(_ name: String) throws -> String {
        guard case .string(let text) = try required(name) else { throw Self.failure("an event member is not a string") }
        return text
    }

    func optionalString(_ name: String) throws -> String? {
        guard members[name] != nil else { return nil }
        return try string(name)
    }

    func integer(_ name: String) throws -> Int64 {
        guard case .integer(let value) = try required(name) else {
            throw Self.failure("an event member is not an integer")
        }
        return value
    }

    static func failure(_ reason: String, fileID: String = #fileID, line: Int = #line) -> PHIGuardError {
        PHIGuardError(.eventInvalid, reason, fileID: fileID, line: line)
    }
}
