/// Code systems and code tables the AuditEvent mapping uses in both directions.
enum FHIRCodes {
    static let dicom = "http://dicom.nema.org/resources/ontology/DCM"
    static let eventType = "http://terminology.hl7.org/CodeSystem/audit-event-type"
    static let restInteraction = "http://hl7.org/fhir/restful-interaction"
    static let entityType = "http://terminology.hl7.org/CodeSystem/audit-entity-type"
    static let objectRole = "http://terminology.hl7.org/CodeSystem/object-role"
    static let actReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
    static let actCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
    static let participationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
    static let ledgerSystem = "urn:phiguard:ledger"
    static let userSystem = "urn:phiguard:user"
    static let justificationExtension = "urn:phiguard:fhir:break-the-glass-justification"

    /// DICOM event type codes (PS3.16 CID 400 and 402) with their display names.
    static let patientRecord = ("110110", "Patient Record")
    static let query = ("110112", "Query")
    static let export = ("110106", "Export")
    static let userAuthentication = ("110114", "User Authentication")
    static let securityAlert = ("110113", "Security Alert")
    static let applicationActivity = ("110100", "Application Activity")
    static let login = ("110122", "Login")
    static let securityRolesChanged = ("110136", "Security Roles Changed")
    static let securityConfiguration = ("110129", "Security Configuration")

    /// HL7 security labels (v3-ActCode sensitivity codes) and the PHI category names PHIGuard records.
    static let categoryByLabel: [String: String] = [
        "DEMO": "demographics",
        "PSYTHPN": "psychotherapy-notes",
        "SUD": "substance-use-disorder",
        "ETH": "substance-use-disorder",
        "PSY": "mental-health",
        "MH": "mental-health",
        "BH": "mental-health",
        "HIV": "hiv-aids",
        "STD": "sexually-transmitted-disease",
        "GDIS": "genetic",
        "SEX": "sexual-reproductive-health",
        "SDV": "violence-abuse",
        "CEL": "restricted-celebrity",
        "EMP": "restricted-employee",
    ]

    /// The label written for a category: the first label in the HIPAA.md order that maps to it.
    static let labelByCategory: [String: String] = {
        let preferred = ["DEMO", "PSYTHPN", "SUD", "PSY", "HIV", "STD", "GDIS", "SEX", "SDV", "CEL", "EMP"]
        var table: [String: String] = [:]
        for label in preferred { table[categoryByLabel[label] ?? label] = label }
        return table
    }()

    /// FHIR AuditEvent action codes for the PHI actions; `E` is read as export, as PHIGuard's sources use it.
    static let actionByCode: [String: AuditAction] = [
        "C": .create, "R": .view, "U": .update, "D": .delete, "E": .export,
    ]

    /// RESTful interaction subtypes and the action each stands for.
    static let actionByInteraction: [String: AuditAction] = [
        "create": .create, "read": .view, "vread": .view, "history": .view, "history-instance": .view,
        "history-type": .view, "history-system": .view, "update": .update, "patch": .update, "delete": .delete,
        "search": .query, "search-type": .query, "search-system": .query, "operation": .view,
    ]
}
