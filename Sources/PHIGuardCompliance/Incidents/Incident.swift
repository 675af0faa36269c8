import Foundation

/// A security incident being worked: its severity, where it is in its lifecycle, the response tasks, the
/// post-incident review, and every change as a timeline entry.
///
/// The narrative fields (title, summary, root cause, corrective actions, lessons learned) may mention patients,
/// so the store keeps the whole incident encrypted. Changes go through ``applying(_:by:at:)``, a pure function,
/// so each rule can be tested without a store.
public struct Incident: Sendable, Hashable, Codable {
    /// The incident id, `inc_` and 16 hexadecimal digits.
    public var id: String
    /// A short name for the incident.
    public var title: String
    /// What is known so far.
    public var summary: String
    /// The current severity.
    public var severity: IncidentSeverity
    /// Where the incident is in its lifecycle.
    public var status: IncidentStatus
    /// When the incident was detected, which may be before it was opened here.
    public var detectedAt: Date
    /// When the incident was opened here.
    public var openedAt: Date
    /// Who opened it: a console user or `token:<id>`.
    public var openedBy: String
    /// The first acknowledgment by someone on call.
    public var acknowledgedAt: Date?
    /// Who acknowledged it first.
    public var acknowledgedBy: String?
    /// The response tasks, defaults first.
    public var tasks: [IncidentTask]
    /// The root cause, required before closing.
    public var rootCause: String?
    /// What will be changed so it does not recur.
    public var correctiveActions: [String]
    /// What the organization learned, required before closing.
    public var lessonsLearned: String?
    /// Names of the affected systems (EHR modules, servers, devices).
    public var affectedSystems: [String]
    /// Names of the business associates involved.
    public var businessAssociates: [String]
    /// Every change, oldest first.
    public var timeline: [TimelineEntry]
    /// Increases with every change, so two writers cannot overwrite each other.
    public var revision: Int

    /// A new incident in status `detected`, with the default response tasks and an opening timeline entry.
    public static func open(
        id: String, title: String, summary: String, severity: IncidentSeverity, detectedAt: Date, by actor: String,
        at time: Date, affectedSystems: [String] = [], businessAssociates: [String] = []
    ) -> Incident {
        let tasks = IncidentTask.defaults.enumerated().map { index, task in
            IncidentTask(id: "t\(index + 1)", phase: task.0, title: task.1)
        }
        let roles = severity.escalation.notify.map(\.rawValue).joined(separator: ", ")
        return Incident(
            id: id, title: title, summary: summary, severity: severity, status: .detected, detectedAt: detectedAt,
            openedAt: time, openedBy: actor, tasks: tasks, correctiveActions: [], affectedSystems: affectedSystems,
            businessAssociates: businessAssociates,
            timeline: [
                TimelineEntry(at: time, actor: actor, what: "opened at \(severity.rawValue); notified \(roles)")
            ],
            revision: 1)
    }

    enum CodingKeys: String, CodingKey {
        case id, title, summary, severity, status, tasks, timeline, revision
        case detectedAt = "detected_at"
        case openedAt = "opened_at"
        case openedBy = "opened_by"
        case acknowledgedAt = "acknowledged_at"
        case acknowledgedBy = "acknowledged_by"
        case rootCause = "root_cause"
        case correctiveActions = "corrective_actions"
        case lessonsLearned = "lessons_learned"
        case affectedSystems = "affected_systems"
        case businessAssociates = "business_associates"
    }
}
