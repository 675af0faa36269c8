import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardLedger
import PHIGuardServer

/// `phiguard ledger verify|verify-proof|checkpoint|prune|hold`.
enum LedgerCommand {
    static func run(_ arguments: Arguments) throws {
        let words = Array(arguments.positional.dropFirst())
        switch words.first {
        case "verify": try verify(arguments)
        case "verify-proof": try VerifyProofCommand.run(arguments)
        case "checkpoint": try checkpoint(arguments)
        case "prune": try prune(arguments)
        case "hold": try HoldCommand.run(arguments, words: Array(words.dropFirst()))
        default:
            throw UsageError("expected 'ledger verify', 'verify-proof', 'checkpoint', 'prune' or 'hold'")
        }
    }

    /// Recomputes the whole ledger from the store, without writing anything. Exit 1 when anything is wrong.
    private static func verify(_ arguments: Arguments) throws {
        let parts = try arguments.split(commandOptions: ["--key", "--json", "--tree-only"])
        let settings = try CommandLineTool.settings(parts.settings)
        let logger = Logger.disabled
        let store = try Application.openStoreForTools(settings, logger: logger)
        defer { store.close() }
        let instance = try Instance.openExisting(store: store, kek: try Application.keyEncryptionKey(settings))
        let verifier: NoteVerifier
        if let key = parts.own["--key"] {
            verifier = try NoteVerifier(verifierKey: key)
        } else {
            verifier = try NoteVerifier(name: instance.origin, publicKey: instance.signingKey.publicKey)
            FileHandle.standardError.write(
                Data(
                    "Using the key stored in the instance; pass --key with the published key to trust nothing here.\n"
                        .utf8))
        }
        let report = try LedgerVerifier.verify(
            store: store, keyring: parts.own["--tree-only"] == nil ? instance.keyring : nil, verifier: verifier)
        if parts.own["--json"] != nil {
            print(String(decoding: try JSON.encode(report), as: UTF8.self))
        } else {
            let rate = report.seconds > 0 ? Int(Double(report.entries) / report.seconds) : 0
            print("entries: \(report.entries) (\(report.pruned) pruned), checkpoints: \(report.checkpoints)")
            print("root: \(report.rootHash)")
            print("time: \(String(format: "%.3f", report.seconds)) s (\(rate) entries/s)")
            if let bad = report.firstBadIndex { print("FIRST BAD INDEX: \(bad)") }
            for problem in report.problems { print("problem: \(problem)") }
            print(report.isIntact ? "OK: the ledger is intact" : "FAILED: the ledger was altered")
        }
        if !report.isIntact { throw ExitStatus(code: 1) }
    }

    private static func checkpoint(_ arguments: Arguments) throws {
        let settings = try CommandLineTool.settings(try arguments.split(commandOptions: []).settings)
        let application = try Application(settings: settings, logger: CommandLineTool.quietLogger(settings))
        defer { application.close() }
        _ = try application.context.ledger.publishCheckpoint()
        guard let note = try application.context.ledger.latestSignedCheckpoint() else {
            print("The ledger is empty: nothing to sign.")
            return
        }
        print(note, terminator: "")
    }

    private static func prune(_ arguments: Arguments) throws {
        let parts = try arguments.split(commandOptions: ["--dry-run", "--json"])
        let settings = try CommandLineTool.settings(parts.settings)
        let application = try Application(settings: settings, logger: CommandLineTool.quietLogger(settings))
        defer { application.close() }
        let dryRun = parts.own["--dry-run"] != nil
        let summary = try application.context.ledger.prune(dryRun: dryRun)
        if parts.own["--json"] != nil {
            print(String(decoding: try JSON.encode(summary), as: UTF8.self))
            return
        }
        let range = summary.firstIndex.map { " (indexes \($0) to \(summary.lastIndex ?? $0))" } ?? ""
        print(
            "\(dryRun ? "Would prune" : "Pruned") \(summary.entries) entries\(range); \(summary.held) kept by legal holds."
        )
        if !dryRun && summary.entries > 0 {
            try application.context.recordAdministrative(
                .configChange, eventClass: .administration, actor: "cli",
                details: ["change": "ledger pruned", "entries": String(summary.entries)])
        }
    }
}

/// A non-zero exit status without an error message (the command already printed why).
struct ExitStatus: Error {
    let code: Int32
}
