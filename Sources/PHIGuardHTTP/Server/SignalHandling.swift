import Dispatch
import Foundation
import Synchronization

/// Turns SIGTERM and SIGINT into one call of a shutdown closure, so the server can drain instead of dying mid-request.
///
/// A plain `signal(SIGTERM, SIG_IGN)` with a Dispatch signal source is not enough on Linux: libdispatch reads
/// signals through `signalfd`, which only sees signals that stay pending, and an ignored signal is discarded when
/// sent unless every thread blocks it. So the default action is replaced by a handler that writes one byte to a
/// pipe (the only work that is safe inside a signal handler), and a Dispatch read source calls the closure.
///
/// Keep the returned value alive for as long as the signals should be handled; one instance per process.
public final class SignalHandling: Sendable {
    /// `nonisolated(unsafe)`: set once in `init`, only cancelled in `deinit`; Dispatch sources are thread-safe.
    nonisolated(unsafe) private let source: any DispatchSourceRead
    private let signals: [Int32]

    /// Installs handlers for `signals` that call `action` once, on a background queue, at the first signal.
    public init(signals: [Int32] = [SIGTERM, SIGINT], action: @escaping @Sendable () -> Void) {
        var ends: [Int32] = [-1, -1]
        pipe(&ends)
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        let (readEnd, writeEnd) = (ends[0], ends[1])

        let once = OnceFlag()
        source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: DispatchQueue(label: "phiguard.signals"))
        source.setEventHandler {
            var scratch = [UInt8](repeating: 0, count: 64)
            _ = read(readEnd, &scratch, scratch.count)
            guard once.claim() else { return }
            action()
        }
        source.setCancelHandler {
            close(readEnd)
            close(writeEnd)
        }
        source.resume()

        self.signals = signals.filter { $0 > 0 && $0 < signalPipeSlots }
        for number in self.signals {
            signalPipeDescriptors[Int(number)] = writeEnd
            signal(number, forwardSignal)
        }
    }

    deinit {
        for number in signals { signalPipeDescriptors[Int(number)] = -1 }
        source.cancel()
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

private let signalPipeSlots: Int32 = 65

/// The pipe to write to for each signal number, or -1.
///
/// `nonisolated(unsafe)`: the signal handler cannot take a lock; each slot is written before its handler is
/// installed, and a stale read at worst writes to a pipe about to close, which is harmless.
nonisolated(unsafe) private let signalPipeDescriptors: UnsafeMutablePointer<Int32> = {
    let slots = UnsafeMutablePointer<Int32>.allocate(capacity: Int(signalPipeSlots))
    slots.initialize(repeating: -1, count: Int(signalPipeSlots))
    return slots
}()

/// The signal handler: async-signal-safe, it only writes one byte to the pipe and keeps `errno`.
private func forwardSignal(_ number: Int32) {
    let descriptor = signalPipeDescriptors[Int(number)]
    guard descriptor >= 0 else { return }
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(descriptor, &byte, 1)
    errno = saved
}
