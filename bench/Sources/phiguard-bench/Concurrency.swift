import Foundation
import Synchronization

/// Runs `body(worker)` on `count` threads at once and waits for all of them.
///
/// Plain threads rather than tasks: `AuditLedger.record` blocks its caller until the write is durable, as the
/// server's worker threads do, and the cooperative pool has only as many threads as cores.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let finished = DispatchSemaphore(value: 0)
    for worker in 0..<count {
        let thread = Thread {
            body(worker)
            finished.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    for _ in 0..<count { finished.wait() }
}

/// A deadline shared by worker threads.
struct Deadline: Sendable {
    let end: ContinuousClock.Instant

    init(seconds: Double) {
        end = .now + .milliseconds(Int(seconds * 1000))
    }

    var passed: Bool { ContinuousClock.now >= end }
}

/// The first error any worker hit, kept to fail the measurement rather than report a wrong figure.
final class FirstError: Sendable {
    private let error = Mutex<(any Error)?>(nil)

    func record(_ failure: any Error) {
        error.withLock { if $0 == nil { $0 = failure } }
    }

    func check() throws {
        if let failure = error.withLock({ $0 }) { throw failure }
    }
}

/// Seconds `body` takes on the continuous clock.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
