import Dispatch
import Foundation
import PHIGuardCore
import PHIGuardLedger
import Synchronization

/// Signs a checkpoint on a fixed interval while the server runs (on demand signing goes through the API).
final class CheckpointPublisher: Sendable {
    private let ledger: AuditLedger
    private let interval: TimeInterval
    private let logger: Logger
    private let stopRequested = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let running = Atomic<Bool>(false)

    init(ledger: AuditLedger, interval: TimeInterval, logger: Logger) {
        self.ledger = ledger
        self.interval = interval
        self.logger = logger
    }

    func start() {
        guard running.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        let thread = Thread { [self] in
            while stopRequested.wait(timeout: .now() + interval) == .timedOut {
                publish()
            }
            publish()
            finished.signal()
        }
        thread.name = "phiguard-checkpoints"
        thread.start()
    }

    /// Stops after signing a last checkpoint, so a clean shutdown leaves the whole log covered.
    func stop() {
        guard running.compareExchange(expected: true, desired: false, ordering: .acquiringAndReleasing).exchanged
        else { return }
        stopRequested.signal()
        finished.wait()
    }

    private func publish() {
        do {
            if try ledger.publishCheckpoint() != nil {
                logger.debug("checkpoint signed", ["ledger.size": .int(ledger.size)])
            }
        } catch {
            logger.error("checkpoint not signed", Logger.errorMetadata(error))
        }
    }
}
