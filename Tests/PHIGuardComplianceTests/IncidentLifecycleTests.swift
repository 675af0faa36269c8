import Foundation
import PHIGuardCompliance
import Testing

@Suite("Incident lifecycle")
struct IncidentLifecycleTests {
    static let opened = Date(timeIntervalSince1970: 1_800_000_000)

    static func incident(_ severity: IncidentSeverity = .sev2) -> Incident {
        Incident.open(
            id: "inc-1", title: "Lost laptop", summary: "A laptop with clinic schedules was left on a train",
            severity: severity, detectedAt: opened.addingTimeInterval(-3600), by: "alice", at: opened)
    }

    @Test("a new incident is detected, has the default tasks of every phase, and a timeline entry naming who")
    func opens() {
        let incident = Self.incident()
        #expect(incident.status == .detected)
        #expect(Set(incident.tasks.map(\.phase)) == Set(IncidentTask.Phase.allCases))
        #expect(incident.tasks.map(\.title).contains("Restore from a clean backup"))
        #expect(incident.timeline.count == 1)
        #expect(incident.timeline[0].actor == "alice")
        #expect(incident.timeline[0].what.contains("privacy_officer"))
    }

    @Test(
        "moves go forward only, each recorded with who and when",
        arguments: IncidentStatus.allCases.flatMap { from in IncidentStatus.allCases.map { (from, $0) } })
    func forwardOnly(from: IncidentStatus, to: IncidentStatus) {
        #expect(from.canMove(to: to) == (to.order > from.order))
    }

    @Test("walking the lifecycle to closed needs every task done, a root cause and lessons learned")
    func closes() throws {
        var incident = Self.incident()
        let later = Self.opened.addingTimeInterval(600)
        for status in [IncidentStatus.triaged, .contained, .eradicated, .recovered] {
            incident = try incident.applying(.move(to: status), by: "bob", at: later)
        }
        #expect(throws: ChangeRefused(pointer: "/status", detail: "task t1 is still open")) {
            try incident.applying(.move(to: .closed), by: "bob", at: later)
        }
        for task in incident.tasks {
            incident = try incident.applying(.completeTask(id: task.id), by: "bob", at: later)
        }
        let noCause = #expect(throws: ChangeRefused.self) {
            try incident.applying(.move(to: .closed), by: "bob", at: later)
        }
        #expect(noCause?.pointer == "/root_cause")
        var review = IncidentUpdate()
        review.rootCause = "Unencrypted laptop outside the device policy"
        review.lessonsLearned = "Enforce full-disk encryption before devices leave the building"
        review.correctiveActions = ["Encrypt all laptops", "Quarterly device audit"]
        incident = try incident.applying(.update(review), by: "carol", at: later)
        incident = try incident.applying(.move(to: .closed), by: "carol", at: later)
        #expect(incident.status == .closed)
        #expect(incident.timeline.last?.what == "status closed (was recovered)")
        #expect(incident.timeline.contains { $0.what == "updated root_cause, corrective_actions, lessons_learned" })
        #expect(incident.revision == 1 + 4 + incident.tasks.count + 2)
        let backward = #expect(throws: ChangeRefused.self) {
            try incident.applying(.move(to: .triaged), by: "bob", at: later)
        }
        #expect(backward?.pointer == "/status")
        #expect(throws: ChangeRefused.self) { try incident.applying(.update(review), by: "bob", at: later) }
    }

    @Test("an empty update, a second acknowledgment and a finished or unknown task are refused")
    func refusals() throws {
        let incident = try Self.incident().applying(.acknowledge, by: "ic", at: Self.opened)
        #expect(throws: ChangeRefused.self) {
            try incident.applying(.update(IncidentUpdate()), by: "x", at: Self.opened)
        }
        #expect(throws: ChangeRefused.self) { try incident.applying(.acknowledge, by: "x", at: Self.opened) }
        #expect(throws: ChangeRefused.self) {
            try incident.applying(.completeTask(id: "t99"), by: "x", at: Self.opened)
        }
        let done = try incident.applying(.completeTask(id: "t1"), by: "x", at: Self.opened)
        #expect(throws: ChangeRefused.self) { try done.applying(.completeTask(id: "t1"), by: "x", at: Self.opened) }
        let added = try done.applying(.addTask(.recovery, title: "Re-image the laptop fleet"), by: "x", at: Self.opened)
        #expect(added.tasks.last?.id == "t6")
    }

    @Test("escalation waits for the severity's acknowledgment deadline, then names the next step")
    func escalation() throws {
        let incident = Self.incident(.sev1)
        let deadline = Self.opened.addingTimeInterval(15 * 60)
        #expect(incident.escalation(at: Self.opened.addingTimeInterval(60)) == .awaiting(deadline: deadline))
        let overdue = incident.escalation(at: deadline.addingTimeInterval(1))
        #expect(overdue == .overdue(deadline: deadline, nextStep: IncidentSeverity.sev1.escalation.whenUnacknowledged))
        let acknowledged = try incident.applying(.acknowledge, by: "ic", at: deadline.addingTimeInterval(5))
        #expect(
            acknowledged.escalation(at: deadline.addingTimeInterval(600))
                == .acknowledged(at: deadline.addingTimeInterval(5), by: "ic"))
        #expect(IncidentSeverity.allCases.map(\.escalation.acknowledgeWithinMinutes) == [15, 30, 240, 1440])
    }
}
