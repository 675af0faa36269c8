import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardLedger
import PHIGuardStore
import Synchronization

/// Durable append throughput: `AuditLedger.record` from many threads, beside plain inserts of the same rows.
struct AppendBench {
    /// What one append run measured.
    struct Outcome {
        var events: Int
        var seconds: Double
        var commits: Int

        var rate: Double { Double(events) / seconds }
        /// Rows per write transaction on average: the group-commit batch the peer copies.
        var rowsPerCommit: Int { max(1, Int((Double(events) / Double(max(1, commits))).rounded())) }
    }

    let stores: BenchStores
    let options: BenchOptions
    let report: BenchReport

    /// Measures both batch sizes on this backend, each beside its plain-insert peer.
    func run() throws {
        for batch in [1, 100] {
            let counter = CommitCounter()
            let store = try stores.make(name: "append-\(batch)", observer: counter.observer)
            let ledger = try AuditLedger(
                store: store, keyring: try BenchEvents.keyring(), signingKey: try Ed25519.PrivateKey(),
                configuration: AuditLedgerConfiguration(origin: "bench.phiguard/ledger"), logger: .disabled)
            let outcome = try measureLedger(ledger, batch: batch, counter: counter)
            ledger.shutdown()
            let sample = try PlainInsertPeer.sampleRows(from: store)
            store.close()
            BenchReport.note(
                "\(stores.backend.rawValue) ledger, batches of \(batch): \(outcome.events) events, "
                    + "\(outcome.rowsPerCommit) rows per commit; running the plain-insert peer")
            let peerStore = try stores.make(name: "peer-\(batch)")
            let peer = try PlainInsertPeer(store: peerStore, rows: sample)
                .run(rowsPerCommit: outcome.rowsPerCommit, duration: options.duration)
            peerStore.close()
            report.add(line(batch: batch, outcome: outcome, peer: peer))
        }
    }

    private func line(batch: Int, outcome: Outcome, peer: Outcome) -> BenchLine {
        let backend = stores.backend.rawValue
        return BenchLine(
            key: "append_\(stores.backend)_\(batch)",
            label: "ledger append \(backend), \(options.callers) callers x \(batch) event\(batch > 1 ? "s" : "")",
            value: outcome.rate, unit: "events/s",
            peerLabel: "plain \(backend) INSERT loop, \(outcome.rowsPerCommit) rows/commit",
            peerValue: peer.rate, goal: stores.backend == .sqlite ? .atLeast(50_000) : .none)
    }

    /// Every caller records batches of `batch` events until the deadline; the last batches finish after it.
    private func measureLedger(_ ledger: AuditLedger, batch: Int, counter: CommitCounter) throws -> Outcome {
        let recorded = Atomic(0)
        let failure = FirstError()
        let commitsBefore = counter.count
        let deadline = Deadline(seconds: options.duration)
        let elapsed = seconds {
            onThreads(options.callers) { caller in
                var number = 0
                while !deadline.passed {
                    do {
                        try ledger.record(try BenchEvents.batch(caller: caller, first: number, count: batch))
                    } catch {
                        failure.record(error)
                        return
                    }
                    number += batch
                    recorded.add(batch, ordering: .relaxed)
                }
            }
        }
        try failure.check()
        let events = recorded.load(ordering: .relaxed)
        guard ledger.size == events else { throw BenchFailure("the ledger holds \(ledger.size) of \(events) events") }
        return Outcome(events: events, seconds: elapsed, commits: counter.count - commitsBefore)
    }
}
