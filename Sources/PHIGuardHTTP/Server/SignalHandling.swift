import Dispatch
import Foundation
import Synchronization

/// Turns SIGTERM and SIGINT into one call of a shutdown closure, so the server can drain instead of dying mid-request.
///
/// Keep the returned value alive for as long as the signals should be handled.
public final class SignalHandling: Sendable {
    /// `nonisolated(unsafe)`: the sources are set once in `init` and only cancelled in `deinit`; Dispatch sources
    /// are themselves thread-safe.
    nonisolated(unsafe) private let sources: [any DispatchSourceSignal]

    /// Installs handlers for `signals` that call `action` once, on a background queue, at the first signal.
    ///
    /// The default action of each signal is ignored so that the process survives until `action` has run.
    public init(signals: [Int32] = [SIGTERM, SIGINT], action: @escaping @Sendable () -> Void) {
        let once = OnceFlag()
        let queue = DispatchQueue(label: "phiguard.signals")
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                guard once.claim() else { return }
                action()
            }
            source.resume()
            return source
        }
    }

    deinit {
        sources.forEach { $0.cancel() }
    }

    /// Ignores SIGPIPE, so writing to a socket the peer closed returns an error instead of ending the process.
    public static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// True exactly once.
    private final class OnceFlag: Sendable {
        private let done = Atomic<Bool>(false)

        func claim() -> Bool {
            done.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        }
    }
}
