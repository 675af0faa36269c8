import Foundation

/// What a caller sends to open an incident.
public struct IncidentOpening: Sendable, Hashable {
    /// A short name for the incident.
    public var title: String
    /// What is known so far.
    public var summary: String
    /// The initial severity.
    public var severity: IncidentSeverity
    /// When the incident was detected.
    public var detectedAt: Date
    /// Names of the affected systems.
    public var affectedSystems: [String]
    /// Names of the business associates involved.
    public var businessAssociates: [String]

    /// Reads `{"title", "summary", "severity", "detected_at", "affected_systems", "business_associates"}`.
    ///
    /// - Parameter now: `detected_at` may not be later than this.
    /// - Throws: `ComplianceInputError` naming each bad field.
    public init(json: Data, now: Date) throws(ComplianceInputError) {
        let known = ["title", "summary", "severity", "detected_at", "affected_systems", "business_associates"]
        var reader = FieldReader()
        let members = reader.members(of: try InputValue.object(from: json), at: "", known: known, what: "an incident")
        let fields = members ?? [:]
        let title = reader.text(fields, "title", at: "", required: true, maximum: 200)
        let summary = reader.text(fields, "summary", at: "", required: true, maximum: BreachCaseFields.narrativeLimit)
        let severity = reader.word(fields, "severity", at: "", required: true, as: IncidentSeverity.self)
        let detectedAt = reader.instant(fields, "detected_at", at: "", required: true)
        if let detectedAt, detectedAt > now { reader.report("/detected_at", "is in the future") }
        let systems = reader.texts(fields, "affected_systems", at: "", maximum: 200) ?? []
        let associates = reader.texts(fields, "business_associates", at: "", maximum: 200) ?? []
        guard reader.problems.isEmpty, let title, let summary, let severity, let detectedAt else {
            throw ComplianceInputError(problems: reader.problems)
        }
        self.title = title
        self.summary = summary
        self.severity = severity
        self.detectedAt = detectedAt
        self.affectedSystems = systems
        self.businessAssociates = associates
    }
}

extension IncidentUpdate {
    /// Reads the fields to change; any of `title`, `summary`, `severity`, `root_cause`, `corrective_actions`,
    /// `lessons_learned`, `affected_systems`, `business_associates`.
    ///
    /// - Throws: `ComplianceInputError` naming each bad or unknown field.
    public init(json: Data) throws(ComplianceInputError) {
        let known = [
            "title", "summary", "severity", "root_cause", "corrective_actions", "lessons_learned", "affected_systems",
            "business_associates",
        ]
        let limit = BreachCaseFields.narrativeLimit
        var reader = FieldReader()
        let fields = reader.members(of: try InputValue.object(from: json), at: "", known: known, what: "an incident")
        let members = fields ?? [:]
        self.init()
        title = reader.text(members, "title", at: "", required: false, maximum: 200)
        summary = reader.text(members, "summary", at: "", required: false, maximum: limit)
        severity = reader.word(members, "severity", at: "", required: false, as: IncidentSeverity.self)
        rootCause = reader.text(members, "root_cause", at: "", required: false, maximum: limit)
        correctiveActions = reader.texts(members, "corrective_actions", at: "", maximum: limit)
        lessonsLearned = reader.text(members, "lessons_learned", at: "", required: false, maximum: limit)
        affectedSystems = reader.texts(members, "affected_systems", at: "", maximum: 200)
        businessAssociates = reader.texts(members, "business_associates", at: "", maximum: 200)
        guard reader.problems.isEmpty else { throw ComplianceInputError(problems: reader.problems) }
    }
}

extension IncidentChange {
    /// Reads `{"status": "<next status>"}`.
    public static func move(json: Data) throws(ComplianceInputError) -> IncidentChange {
        var reader = FieldReader()
        let members = reader.members(of: try InputValue.object(from: json), at: "", known: ["status"], what: "a move")
        let status = reader.word(members ?? [:], "status", at: "", required: true, as: IncidentStatus.self)
        guard reader.problems.isEmpty, let status else { throw ComplianceInputError(problems: reader.problems) }
        return .move(to: status)
    }

    /// Reads `{"phase": "containment" | "eradication" | "recovery", "title": "..."}`.
    public static func addTask(json: Data) throws(ComplianceInputError) -> IncidentChange {
        var reader = FieldReader()
        let members = reader.members(
            of: try InputValue.object(from: json), at: "", known: ["phase", "title"], what: "a task")
        let phase = reader.word(members ?? [:], "phase", at: "", required: true, as: IncidentTask.Phase.self)
        let title = reader.text(members ?? [:], "title", at: "", required: true, maximum: 200)
        guard reader.problems.isEmpty, let phase, let title else {
            throw ComplianceInputError(problems: reader.problems)
        }
        return .addTask(phase, title: title)
    }
}
