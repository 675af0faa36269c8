/// What an AuditEvent's entities say about the patient, the data and its PHI category.
struct FHIREntities {
    /// The patient (BALP: entity type 1, role 1), from `what.reference` `Patient/123` or `what.identifier`.
    var patientID: String?
    /// The data acted on, from `what.reference` `Type/id`.
    var resource: AuditEvent.Resource?
    /// The PHI category from the first recognized security label.
    var category: String?

    /// The exact class and action from the ledger entity of a resource PHIGuard wrote, so its own exports
    /// map back without loss (FHIR's codes are coarser than PHIGuard's actions).
    var phiguardKind: (AuditEventClass, AuditAction)?

    init(_ entities: [ExportJSON]) {
        for entity in entities {
            if entity["what"]?["identifier"]?["system"]?.string == FHIRCodes.ledgerSystem {
                phiguardKind = Self.kind(entity)
                continue
            }
            if patientID == nil, let patient = Self.patient(entity) {
                patientID = patient
            } else if resource == nil, let reference = Self.reference(entity), reference.type != "Patient" {
                resource = reference
            }
            if category == nil {
                category =
                    (entity["securityLabel"]?.array ?? []).lazy
                    .compactMap { $0["code"]?.string.flatMap { FHIRCodes.categoryByLabel[$0] } }.first
            }
        }
    }

    private static func kind(_ entity: ExportJSON) -> (AuditEventClass, AuditAction)? {
        let details = entity["detail"]?.array ?? []
        func value(_ type: String) -> String? {
            nonEmpty(details.first { $0["type"]?.string == type }?["valueString"]?.string)
        }
        guard let eventClass = value("event_class"), let action = value("action") else { return nil }
        return (AuditEventClass(rawValue: eventClass), AuditAction(rawValue: action))
    }

    private static func patient(_ entity: ExportJSON) -> String? {
        let isPatient = entity["type"]?["code"]?.string == "1" && entity["role"]?["code"]?.string == "1"
        let reference = Self.reference(entity)
        if reference?.type == "Patient" { return reference?.id }
        guard isPatient else { return nil }
        return nonEmpty(entity["what"]?["identifier"]?["value"]?.string)
    }

    /// `Type/id` (relative, or the tail of an absolute URL, history suffix dropped) as a resource reference.
    private static func reference(_ entity: ExportJSON) -> AuditEvent.Resource? {
        guard let text = entity["what"]?["reference"]?.string else { return nil }
        var parts = text.split(separator: "/").map(String.init)
        if parts.count >= 4, parts[parts.count - 2] == "_history" { parts.removeLast(2) }
        guard parts.count >= 2, let type = parts.dropLast().last, let id = parts.last,
            type.first?.isUppercase == true
        else { return nil }
        return AuditEvent.Resource(type: type, id: id)
    }
}
