/// Reads one AuditEvent resource into a canonical event, collecting every problem instead of stopping at the
/// first, so a client can fix a document in one round.
struct FHIRAuditEventReader {
    /// When PHIGuard received the document.
    let receivedTime: AuditTime
    /// The problems found so far, across every resource read.
    var issues: [FHIRMappingError.Issue] = []

    init(receivedTime: AuditTime) {
        self.receivedTime = receivedTime
    }

    /// The event `resource` describes, or nil after recording why not.
    mutating func event(from resource: ExportJSON, at pointer: String, id: String) -> AuditEvent? {
        let issueCount = issues.count
        guard resource["resourceType"]?.string == "AuditEvent" else {
            fail(pointer + "/resourceType", "the resource type must be AuditEvent")
            return nil
        }
        let codes = typeCodes(resource, at: pointer)
        let sourceTime = recorded(resource, at: pointer)
        let outcome = outcome(resource, at: pointer)
        let agent = requestor(resource, at: pointer)
        let observer = observer(resource, at: pointer)
        guard issues.count == issueCount, let sourceTime, let outcome, let agent, let observer else { return nil }

        let entities = FHIREntities(resource["entity"]?.array ?? [])
        let (eventClass, action) =
            entities.phiguardKind
            ?? classify(codes: codes, actionCode: resource["action"]?.string, outcome: outcome)
        let purposes = purposeCodes(resource, agent: agent.json)
        var details = ["observer": observer.name]
        if let type = codes.first { details["fhir.type"] = type }
        do {
            return try AuditEvent(
                id: id, eventClass: eventClass, action: action,
                actor: .init(userID: agent.userID, role: agent.role), patientID: entities.patientID,
                phiCategory: entities.category, resource: entities.resource, outcome: outcome,
                purposeOfUse: purposes.first.map(PurposeOfUse.init(rawValue:)),
                breakTheGlassJustification: purposes.contains("BTG") ? justification(resource, agent.json) : nil,
                sourceAddress: networkAddress(resource), deviceID: observer.deviceID,
                facility: resource["source"]?["site"]?.string, sourceTime: sourceTime, receivedTime: receivedTime,
                details: details)
        } catch {
            fail(pointer, "the resource does not make a valid audit event")
            return nil
        }
    }

    private mutating func fail(_ pointer: String, _ detail: String) {
        issues.append(.init(pointer: pointer, detail: detail))
    }

    /// The codes of `type` then `subtype`; records an issue when `type` is missing.
    private mutating func typeCodes(_ resource: ExportJSON, at pointer: String) -> [String] {
        guard let type = resource["type"]?["code"]?.string else {
            fail(pointer + "/type", "type needs a coding with a code")
            return []
        }
        return [type] + (resource["subtype"]?.array ?? []).compactMap { $0["code"]?.string }
    }

    private mutating func recorded(_ resource: ExportJSON, at pointer: String) -> AuditTime? {
        guard let text = resource["recorded"]?.string else {
            fail(pointer + "/recorded", "recorded is required")
            return nil
        }
        guard let time = FHIRInstant.parse(text) else {
            fail(pointer + "/recorded", "recorded must be a FHIR instant with a time zone")
            return nil
        }
        return time
    }

    private mutating func outcome(_ resource: ExportJSON, at pointer: String) -> AuditEvent.Outcome? {
        let description = resource["outcomeDesc"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        switch resource["outcome"]?.string {
        case nil, "0": return .success
        case "4": return .failure(description ?? "minor failure reported by the source")
        case "8": return .failure(description ?? "serious failure reported by the source")
        case "12": return .failure(description ?? "major failure reported by the source")
        default:
            fail(pointer + "/outcome", "outcome must be one of 0, 4, 8 or 12")
            return nil
        }
    }

    private struct Agent {
        var json: ExportJSON
        var userID: String
        var role: String?
    }

    /// The agent with `requestor` true and the user it names.
    private mutating func requestor(_ resource: ExportJSON, at pointer: String) -> Agent? {
        guard let agents = resource["agent"]?.array, !agents.isEmpty else {
            fail(pointer + "/agent", "at least one agent is required")
            return nil
        }
        for (offset, agent) in agents.enumerated() where agent["requestor"]?.bool == nil {
            fail(pointer + "/agent/\(offset)/requestor", "each agent needs requestor true or false")
        }
        guard let offset = agents.firstIndex(where: { $0["requestor"]?.bool == true }) else {
            fail(pointer + "/agent", "one agent must have requestor true")
            return nil
        }
        let agent = agents[offset]
        let who = agent["who"]
        guard let userID = nonEmpty(who?["identifier"]?["value"]?.string) ?? nonEmpty(who?["reference"]?.string)
        else {
            fail(pointer + "/agent/\(offset)/who", "the requestor needs who.identifier.value or who.reference")
            return nil
        }
        // DICOM 110150-110153 (Application, Application Launcher, Destination and Source Role ID) say which end
        // of the exchange the agent was, not the user's role, so they are not taken as one.
        let participant = agent["type"].flatMap { Self.firstCode($0) }.map {
            ["110150", "110151", "110152", "110153"].contains($0)
        }
        let roles = (agent["role"]?.array ?? []) + (participant == true ? [] : [agent["type"]].compactMap { $0 })
        let role = roles.lazy.compactMap { Self.firstCode($0) ?? $0["text"]?.string }.first
        return Agent(json: agent, userID: userID, role: role)
    }

    private mutating func observer(_ resource: ExportJSON, at pointer: String) -> (name: String, deviceID: String?)? {
        let observer = resource["source"]?["observer"]
        let reference = nonEmpty(observer?["reference"]?.string)
        guard
            let name = reference ?? nonEmpty(observer?["identifier"]?["value"]?.string)
                ?? nonEmpty(observer?["display"]?.string)
        else {
            fail(pointer + "/source/observer", "source.observer is required")
            return nil
        }
        let deviceID = reference.flatMap { $0.hasPrefix("Device/") ? String($0.dropFirst(7)) : nil }
        return (name, deviceID)
    }

    /// The event class and action from the DICOM or REST type codes, else from the action code.
    private func classify(
        codes: [String], actionCode: String?, outcome: AuditEvent.Outcome
    ) -> (AuditEventClass, AuditAction) {
        if codes.contains(FHIRCodes.userAuthentication.0) {
            return (.authentication, outcome.succeeded ? .signinSuccess : .signinFailure)
        }
        if codes.contains(FHIRCodes.securityRolesChanged.0) { return (.accountManagement, .privilegeChange) }
        if codes.contains(FHIRCodes.securityConfiguration.0) { return (.administration, .configChange) }
        if codes.contains(FHIRCodes.export.0) { return (.phiAccess, .export) }
        if codes.contains(FHIRCodes.query.0) { return (.phiAccess, .query) }
        if let action = codes.lazy.compactMap({ FHIRCodes.actionByInteraction[$0] }).first {
            return (.phiAccess, action)
        }
        return (.phiAccess, actionCode.flatMap { FHIRCodes.actionByCode[$0] } ?? .view)
    }

    /// Purpose-of-use codes from `purposeOfEvent` and the requestor's `purposeOfUse`, in that order.
    private func purposeCodes(_ resource: ExportJSON, agent: ExportJSON) -> [String] {
        let concepts = (resource["purposeOfEvent"]?.array ?? []) + (agent["purposeOfUse"]?.array ?? [])
        return concepts.flatMap { ($0["coding"]?.array ?? []).compactMap { $0["code"]?.string } }
    }

    /// The break-the-glass justification: PHIGuard's extension, else the text of a purpose of use.
    private func justification(_ resource: ExportJSON, _ agent: ExportJSON) -> String {
        let extensions = (resource["extension"]?.array ?? []) + (agent["extension"]?.array ?? [])
        if let text = extensions.first(where: { $0["url"]?.string == FHIRCodes.justificationExtension })?[
            "valueString"]?.string, !text.isEmpty
        {
            return text
        }
        let concepts = (agent["purposeOfUse"]?.array ?? []) + (resource["purposeOfEvent"]?.array ?? [])
        return concepts.lazy.compactMap { nonEmpty($0["text"]?.string) }.first
            ?? "no justification recorded by the source"
    }

    /// The first network address among the agents, the requestor's being looked at like any other.
    private func networkAddress(_ resource: ExportJSON) -> String? {
        (resource["agent"]?.array ?? []).lazy.compactMap { nonEmpty($0["network"]?["address"]?.string) }.first
    }

    static func firstCode(_ concept: ExportJSON) -> String? {
        (concept["coding"]?.array ?? []).lazy.compactMap { $0["code"]?.string }.first
    }
}

/// Empty text counts as absent.
func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.isEmpty else { return nil }
    return text
}
