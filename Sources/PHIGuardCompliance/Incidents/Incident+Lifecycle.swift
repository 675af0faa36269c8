import Foundation

/// A change asked of an incident.
public enum IncidentChange: Sendable, Hashable {
    /// New values for the descriptive fields; `nil` leaves a field as it is.
    case update(IncidentUpdate)
    /// A move to a later status.
    case move(to: IncidentStatus)
    /// Someone on call acknowledges the incident.
    case acknowledge
    /// Adds a task to a phase.
    case addTask(IncidentTask.Phase, title: String)
    /// Marks a task done.
    case completeTask(id: String)
}

/// New values for an incident's descriptive fields.
public struct IncidentUpdate: Sendable, Hashable {
    /// A new title.
    public var title: String?
    /// A new summary.
    public var summary: String?
    /// A new severity; the escalation path follows it.
    public var severity: IncidentSeverity?
    /// The root cause found.
    public var rootCause: String?
    /// The corrective actions, replacing the list.
    public var correctiveActions: [String]?
    /// What the organization learned.
    public var lessonsLearned: String?
    /// The affected systems, replacing the list.
    public var affectedSystems: [String]?
    /// The business associates involved, replacing the list.
    public var businessAssociates: [String]?

    /// An update that changes nothing until fields are set.
    public init() {}

    /// The contract names of the fields this update sets, in a fixed order, for the timeline.
    var fieldNames: [String] {
        let fields: [(String, Bool)] = [
            ("title", title != nil), ("summary", summary != nil), ("severity", severity != nil),
            ("root_cause", rootCause != nil), ("corrective_actions", correctiveActions != nil),
            ("lessons_learned", lessonsLearned != nil), ("affected_systems", affectedSystems != nil),
            ("business_associates", businessAssociates != nil),
        ]
        return fields.filter(\.1).map(\.0)
    }
}

/// Why a change was refused, naming the field the caller should look at.
public struct ChangeRefused: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field concerned, as a JSON pointer into the request.
    public var pointer: String
    /// What is wrong, without values.
    public var detail: String

    /// Refuses a change, naming the field.
    public init(pointer: String, detail: String) {
        self.pointer = pointer
        self.detail = detail
    }

    public var description: String { "\(pointer): \(detail)" }
}

extension Incident {
    /// The incident after a change, with a timeline entry for it and the revision increased.
    ///
    /// - Throws: `ChangeRefused` when the change breaks a lifecycle rule: moving backward or to the same
    ///   status, closing with open tasks or without a root cause and lessons learned, a second acknowledgment,
    ///   an unknown or finished task, an update that changes nothing.
    public func applying(_ change: IncidentChange, by actor: String, at time: Date) throws(ChangeRefused) -> Incident {
        var next = self
        let what: String
        switch change {
        case .update(let update):
            what = try next.apply(update)
        case .move(let status):
            try checkMove(to: status)
            next.status = status
            what = "status \(status.rawValue) (was \(self.status.rawValue))"
        case .acknowledge:
            guard acknowledgedAt == nil else {
                throw ChangeRefused(pointer: "/", detail: "the incident is already acknowledged")
            }
            next.acknowledgedAt = time
            next.acknowledgedBy = actor
            what = "acknowledged"
        case .addTask(let phase, let title):
            let id = "t\(tasks.count + 1)"
            next.tasks.append(IncidentTask(id: id, phase: phase, title: title))
            what = "task \(id) added to \(phase.rawValue)"
        case .completeTask(let id):
            guard let index = tasks.firstIndex(where: { $0.id == id }) else {
                throw ChangeRefused(pointer: "/task", detail: "no task with this id")
            }
            guard !tasks[index].isDone else {
                throw ChangeRefused(pointer: "/task", detail: "the task is already done")
            }
            next.tasks[index].doneAt = time
            next.tasks[index].doneBy = actor
            what = "task \(id) done"
        }
        next.timeline.append(TimelineEntry(at: time, actor: actor, what: what))
        next.revision += 1
        return next
    }

    private func checkMove(to status: IncidentStatus) throws(ChangeRefused) {
        guard self.status.canMove(to: status) else {
            throw ChangeRefused(
                pointer: "/status", detail: "an incident moves forward only; it is \(self.status.rawValue)")
        }
        guard status == .closed else { return }
        if let open = tasks.first(where: { !$0.isDone }) {
            throw ChangeRefused(pointer: "/status", detail: "task \(open.id) is still open")
        }
        if rootCause == nil { throw ChangeRefused(pointer: "/root_cause", detail: "is required before closing") }
        if lessonsLearned == nil {
            throw ChangeRefused(pointer: "/lessons_learned", detail: "is required before closing")
        }
    }

    private mutating func apply(_ update: IncidentUpdate) throws(ChangeRefused) -> String {
        let fields = update.fieldNames
        guard !fields.isEmpty else { throw ChangeRefused(pointer: "/", detail: "name at least one field to change") }
        guard status != .closed else { throw ChangeRefused(pointer: "/", detail: "a closed incident is not changed") }
        title = update.title ?? title
        summary = update.summary ?? summary
        severity = update.severity ?? severity
        rootCause = update.rootCause ?? rootCause
        correctiveActions = update.correctiveActions ?? correctiveActions
        lessonsLearned = update.lessonsLearned ?? lessonsLearned
        affectedSystems = update.affectedSystems ?? affectedSystems
        businessAssociates = update.businessAssociates ?? businessAssociates
        return "updated " + fields.joined(separator: ", ")
    }
}
