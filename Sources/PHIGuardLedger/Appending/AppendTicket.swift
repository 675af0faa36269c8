import Dispatch
import Synchronization

/// One caller's place in the append queue: its records, and the result the sequencer hands back.
final class AppendTicket: Sendable {
    let records: [LedgerRecord]
    private let done = DispatchSemaphore(value: 0)
    private let outcome = Mutex<Result<Int, PHIGuardLedgerFailure>?>(nil)

    init(records: [LedgerRecord]) {
        self.records = records
    }

    /// Called once by the sequencer: the index of the first record, or the failure.
    func complete(_ result: Result<Int, PHIGuardLedgerFailure>) {
        outcome.withLock { $0 = result }
        done.signal()
    }

    /// Waits for the sequencer until `deadline`; nil when the deadline passed first.
    func wait(until deadline: DispatchTime) -> Result<Int, PHIGuardLedgerFailure>? {
        guard done.wait(timeout: deadline) == .success else { return nil }
        return outcome.withLock { $0 }
    }
}

/// Why an append failed, kept as a value so it can cross threads.
struct PHIGuardLedgerFailure: Error, Sendable {
    let reason: String
}
