import Foundation

/// A piece of response work in one phase.
public struct IncidentTask: Sendable, Hashable, Codable {
    /// The phase a task belongs to.
    public enum Phase: String, Sendable, Hashable, Codable, CaseIterable {
        case containment, eradication, recovery
    }

    /// Unique within the incident: `t1`, `t2`, ...
    public var id: String
    /// The phase the task belongs to.
    public var phase: Phase
    /// What to do.
    public var title: String
    /// When the task was done, and by whom.
    public var doneAt: Date?
    /// Who marked it done.
    public var doneBy: String?

    /// Creates an open task.
    public init(id: String, phase: Phase, title: String) {
        self.id = id
        self.phase = phase
        self.title = title
    }

    /// Whether the task is done.
    public var isDone: Bool { doneAt != nil }

    /// The tasks every incident starts with, one list per phase.
    public static let defaults: [(Phase, String)] = [
        (.containment, "Isolate the affected systems"),
        (.containment, "Rotate exposed secrets and credentials"),
        (.eradication, "Remove the cause (malware, misconfiguration, unneeded access)"),
        (.recovery, "Restore from a clean backup"),
        (.recovery, "Verify the integrity of restored systems and data"),
    ]

    enum CodingKeys: String, CodingKey {
        case id, phase, title
        case doneAt = "done_at"
        case doneBy = "done_by"
    }
}
