import Foundation
import PHIGuardCore
import PHIGuardLedger
import PHIGuardServer

/// `phiguard ledger hold add|list|release`.
enum HoldCommand {
    static func run(_ arguments: Arguments, words: [String]) throws {
        let parts = try arguments.split(commandOptions: [
            "--reason", "--patient", "--user", "--from-index", "--to-index",
        ])
        let settings = try CommandLineTool.settings(parts.settings)
        let application = try Application(settings: settings, logger: CommandLineTool.quietLogger(settings))
        defer { application.close() }
        let ledger = application.context.ledger
        switch words.first {
        case "add":
            guard let reason = parts.own["--reason"] else { throw UsageError("hold add needs --reason") }
            let from = try parts.own["--from-index"].map(index)
            let to = try parts.own["--to-index"].map(index)
            let hold = try ledger.addHold(
                reason: reason, patientID: parts.own["--patient"], userID: parts.own["--user"], fromIndex: from,
                toIndex: to)
            try application.context.recordAdministrative(
                .configChange, eventClass: .administration, actor: "cli",
                details: ["change": "legal hold placed", "hold_id": hold.id])
            print("Legal hold \(hold.id) placed.")
        case "list":
            for hold in try ledger.holds() {
                let scope = [
                    hold.coversPatient ? "patient" : nil, hold.coversUser ? "user" : nil,
                    hold.fromIndex.map { "indexes \($0)-\(hold.toIndex ?? $0)" },
                ].compactMap { $0 }.joined(separator: ", ")
                print("\(hold.id)  \(hold.releasedAt == nil ? "active" : "released")  \(scope)  \(hold.reason)")
            }
        case "release":
            guard words.count == 2 else { throw UsageError("hold release takes one hold id") }
            try ledger.releaseHold(id: words[1])
            try application.context.recordAdministrative(
                .configChange, eventClass: .administration, actor: "cli",
                details: ["change": "legal hold released", "hold_id": words[1]])
            print("Legal hold \(words[1]) released.")
        default:
            throw UsageError("expected 'ledger hold add', 'ledger hold list' or 'ledger hold release ID'")
        }
    }

    private static func index(_ text: String) throws -> Int {
        guard let value = Int(text), value >= 0 else { throw UsageError("an index is a whole number") }
        return value
    }
}
