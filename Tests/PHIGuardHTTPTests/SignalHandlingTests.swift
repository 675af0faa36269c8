import Foundation
import PHIGuardHTTP
import Synchronization
import Testing

@Suite("Signal handling")
struct SignalHandlingTests {
    @Test("repeated signals run the shutdown closure once")
    func runsOnce() throws {
        let calls = Atomic<Int>(0)
        let fired = DispatchSemaphore(value: 0)
        let handling = SignalHandling(signals: [SIGUSR2]) {
            calls.add(1, ordering: .relaxed)
            fired.signal()
        }
        kill(getpid(), SIGUSR2)
        kill(getpid(), SIGUSR2)
        #expect(fired.wait(timeout: .now() + 5) == .success)
        Thread.sleep(forTimeInterval: 0.1)
        #expect(calls.load(ordering: .relaxed) == 1)
        withExtendedLifetime(handling) {}
    }
}
