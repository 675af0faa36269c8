import PHIGuardCrypto

extension FHIRAuditEventMapper {
    /// The FHIR R4 AuditEvent for a ledger entry, as compact JSON; nil when retention pruned the event.
    ///
    /// The resource id is the ledger index. Following IHE BALP, it has the user agent (requestor) and the
    /// PHIGuard server agent, the patient entity (type 1, role 1) and the data entity; a third entity names the
    /// ledger entry, its detail carrying the index, the leaf hash (base64) and PHIGuard's own action code.
    public static func resource(from entry: LedgerEntry) -> [UInt8]? {
        guard let event = entry.event else { return nil }
        let type = eventType(event)
        var members: [(String, ExportJSON)] = [
            ("resourceType", .string("AuditEvent")),
            ("id", .string(String(entry.index))),
        ]
        if let justification = event.breakTheGlassJustification {
            members.append(
                (
                    "extension",
                    .array([
                        .object([
                            ("url", .string(FHIRCodes.justificationExtension)), ("valueString", .string(justification)),
                        ])
                    ])
                )
            )
        }
        members.append(("type", coding(FHIRCodes.dicom, type.code)))
        if let subtype = type.subtype { members.append(("subtype", .array([coding(FHIRCodes.dicom, subtype)]))) }
        members += [
            ("action", .string(actionCode(event.action))),
            ("recorded", .string((event.sourceTime ?? event.receivedTime).text)),
            ("outcome", .string(event.outcome.succeeded ? "0" : "4")),
        ]
        if let reason = event.outcome.reason { members.append(("outcomeDesc", .string(reason))) }
        if let purpose = event.purposeOfUse {
            members.append(("purposeOfEvent", .array([concept(FHIRCodes.actReason, purpose.rawValue)])))
        }
        members += [
            ("agent", .array(agents(event))),
            ("source", source(event)),
            ("entity", .array(entities(event, entry: entry))),
        ]
        return ExportJSON.object(members).bytes
    }

    /// The DICOM event type (and subtype) for an event.
    static func eventType(_ event: AuditEvent) -> (code: (String, String), subtype: (String, String)?) {
        switch event.eventClass {
        case .phiAccess:
            switch event.action {
            case .query: return (FHIRCodes.query, nil)
            case .export: return (FHIRCodes.export, nil)
            default: return (FHIRCodes.patientRecord, nil)
            }
        case .authentication:
            let isSignIn = event.action == .signinSuccess || event.action == .signinFailure
            return (FHIRCodes.userAuthentication, isSignIn ? FHIRCodes.login : nil)
        case .accountManagement: return (FHIRCodes.securityAlert, FHIRCodes.securityRolesChanged)
        case .administration: return (FHIRCodes.securityAlert, FHIRCodes.securityConfiguration)
        default: return (FHIRCodes.applicationActivity, nil)
        }
    }

    /// The FHIR action code: C, R, U, D or E (execute, which FHIR uses for searches and system functions).
    static func actionCode(_ action: AuditAction) -> String {
        switch action {
        case .create, .tokenCreate: "C"
        case .view, .print, .export: "R"
        case .update, .configChange, .privilegeChange, .policyActivate, .accountLock: "U"
        case .delete, .tokenRevoke: "D"
        default: "E"
        }
    }

    private static func agents(_ event: AuditEvent) -> [ExportJSON] {
        var user: [(String, ExportJSON)] = [
            ("type", concept(FHIRCodes.dicom, ("110153", "Source Role ID")))
        ]
        if let role = event.actor.role { user.append(("role", .array([.object([("text", .string(role))])]))) }
        user += [("who", identifier(FHIRCodes.userSystem, event.actor.userID)), ("requestor", .bool(true))]
        if let address = event.sourceAddress {
            user.append(("network", .object([("address", .string(address)), ("type", .string("2"))])))
        }
        if let purpose = event.purposeOfUse {
            var purposeConcept = [("coding", ExportJSON.array([coding(FHIRCodes.actReason, purpose.rawValue)]))]
            if let justification = event.breakTheGlassJustification {
                purposeConcept.append(("text", .string(justification)))
            }
            user.append(("purposeOfUse", .array([.object(purposeConcept)])))
        }
        var agents: [ExportJSON] = [.object(user)]
        if let onBehalfOf = event.actor.onBehalfOf {
            agents.append(
                .object([
                    ("type", concept(FHIRCodes.participationType, ("RESP", "responsible party"))),
                    ("who", identifier(FHIRCodes.userSystem, onBehalfOf)), ("requestor", .bool(false)),
                ]))
        }
        agents.append(
            .object([
                ("type", concept(FHIRCodes.dicom, ("110152", "Destination Role ID"))),
                ("who", .object([("display", .string("PHIGuard"))])), ("requestor", .bool(false)),
            ]))
        return agents
    }

    private static func source(_ event: AuditEvent) -> ExportJSON {
        var members: [(String, ExportJSON)] = []
        if let facility = event.facility { members.append(("site", .string(facility))) }
        let observer: ExportJSON =
            if let device = event.deviceID {
                .object([("reference", .string("Device/" + device))])
            } else {
                .object([("display", .string(event.details["observer"] ?? "PHIGuard"))])
            }
        members.append(("observer", observer))
        let securitySourceType = "http://terminology.hl7.org/CodeSystem/security-source-type"
        members.append(("type", .array([coding(securitySourceType, ("4", "Application Server"))])))
        return .object(members)
    }

    private static func entities(_ event: AuditEvent, entry: LedgerEntry) -> [ExportJSON] {
        var entities: [ExportJSON] = []
        let label = event.phiCategory.map { FHIRCodes.labelByCategory[$0] ?? $0 }
        let labels: ExportJSON? = label.map { .array([coding(FHIRCodes.actCode, $0)]) }
        if let patient = event.patientID {
            var members: [(String, ExportJSON)] = [
                ("what", .object([("reference", .string("Patient/" + patient))])),
                ("type", coding(FHIRCodes.entityType, ("1", "Person"))),
                ("role", coding(FHIRCodes.objectRole, ("1", "Patient"))),
            ]
            if event.resource == nil, let labels { members.append(("securityLabel", labels)) }
            entities.append(.object(members))
        }
        if let resource = event.resource {
            var members: [(String, ExportJSON)] = [
                ("what", .object([("reference", .string(resource.type + "/" + resource.id))])),
                ("type", coding(FHIRCodes.entityType, ("2", "System Object"))),
                ("role", coding(FHIRCodes.objectRole, ("4", "Domain Resource"))),
            ]
            if let labels { members.append(("securityLabel", labels)) }
            entities.append(.object(members))
        }
        entities.append(ledgerEntity(event, entry: entry))
        return entities
    }

    private static func ledgerEntity(_ event: AuditEvent, entry: LedgerEntry) -> ExportJSON {
        func detail(_ type: String, _ value: ExportJSON, base64: Bool = false) -> ExportJSON {
            .object([("type", .string(type)), (base64 ? "valueBase64Binary" : "valueString", value)])
        }
        return .object([
            ("what", identifier(FHIRCodes.ledgerSystem, String(entry.index))),
            ("type", coding(FHIRCodes.entityType, ("4", "Other"))),
            ("description", .string("PHIGuard ledger entry")),
            (
                "detail",
                .array([
                    detail("ledger_index", .string(String(entry.index))),
                    detail("leaf_hash", .string(entry.leafHash.base64), base64: true),
                    detail("event_id", .string(event.id)),
                    detail("event_class", .string(event.eventClass.rawValue)),
                    detail("action", .string(event.action.rawValue)),
                ])
            ),
        ])
    }

    private static func coding(_ system: String, _ code: String) -> ExportJSON {
        .object([("system", .string(system)), ("code", .string(code))])
    }

    private static func coding(_ system: String, _ code: (String, String)) -> ExportJSON {
        .object([("system", .string(system)), ("code", .string(code.0)), ("display", .string(code.1))])
    }

    private static func concept(_ system: String, _ code: String) -> ExportJSON {
        .object([("coding", .array([coding(system, code)]))])
    }

    private static func concept(_ system: String, _ code: (String, String)) -> ExportJSON {
        .object([("coding", .array([coding(system, code)]))])
    }

    private static func identifier(_ system: String, _ value: String) -> ExportJSON {
        .object([("identifier", .object([("system", .string(system)), ("value", .string(value))]))])
    }
}
