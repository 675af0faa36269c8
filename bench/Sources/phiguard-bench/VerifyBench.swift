import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardLedger
import PHIGuardStore

/// Verification speed over real entries recorded through the ledger, with and without the keyring.
struct VerifyBench {
    /// Events per `record` call while filling, and the callers filling at once.
    static let fillBatch = 500
    static let fillCallers = 8

    let stores: BenchStores
    let options: BenchOptions
    let report: BenchReport

    func run() throws {
        let entries = options.verifyEntries
        let store = try stores.make(name: "verify")
        defer { store.close() }
        let keyring = try BenchEvents.keyring()
        let ledger = try AuditLedger(
            store: store, keyring: keyring, signingKey: try Ed25519.PrivateKey(),
            configuration: AuditLedgerConfiguration(origin: "bench.phiguard/verify"), logger: .disabled)
        let fillSeconds = try fill(ledger, entries: entries)
        BenchReport.note("recorded \(entries) entries in \(String(format: "%.1f", fillSeconds)) s for verification")
        guard try ledger.publishCheckpoint() != nil else { throw BenchFailure("no checkpoint was signed") }
        let verifier = ledger.verifier
        ledger.shutdown()

        let hashes = OpenSSLSpeed.sha256HashesPerSecond
        for (name, keys) in [("with keyring (full content check)", keyring), ("without keyring (tree only)", nil)] {
            var result: LedgerVerificationReport?
            let elapsed = try seconds {
                result = try LedgerVerifier.verify(store: store, keyring: keys, verifier: verifier)
            }
            guard let result, result.isIntact, result.entries == entries, result.checkpoints == 1 else {
                throw BenchFailure("verification failed: \(result?.problems.first ?? "no report")")
            }
            report.add(
                BenchLine(
                    key: keys == nil ? "verify_tree" : "verify_full",
                    label: "LedgerVerifier.verify \(name), \(format(Double(entries)))",
                    value: Double(entries) / elapsed, unit: "entries/s",
                    peerLabel: "openssl speed -evp sha256, 64-byte hashes/s", peerValue: hashes,
                    goal: .atLeast(1_000_000)))
        }
    }

    private func fill(_ ledger: AuditLedger, entries: Int) throws -> Double {
        let failure = FirstError()
        let perCaller = (entries + Self.fillCallers - 1) / Self.fillCallers
        let elapsed = seconds {
            onThreads(Self.fillCallers) { caller in
                let end = min(entries, (caller + 1) * perCaller)
                var next = caller * perCaller
                while next < end {
                    let count = min(Self.fillBatch, end - next)
                    do {
                        try ledger.record(try BenchEvents.batch(caller: caller, first: next, count: count))
                    } catch {
                        failure.record(error)
                        return
                    }
                    next += count
                }
            }
        }
        try failure.check()
        return elapsed
    }
}
