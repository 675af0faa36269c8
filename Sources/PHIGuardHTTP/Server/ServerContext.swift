import PHIGuardCore
import Synchronization

/// Everything the C callbacks need, handed to libmicrohttpd as an opaque pointer.
///
/// All stored properties are immutable `Sendable` values or atomics: the callbacks run on many threads at once.
final class ServerContext: Sendable {
    let pipeline: RequestPipeline
    let maxBodyBytes: Int
    let isSecure: Bool
    let logger: Logger
    private let inFlight = Atomic<Int>(0)
    private let inFlightGauge: Gauge

    init(pipeline: RequestPipeline, maxBodyBytes: Int, isSecure: Bool, logger: Logger, metrics: MetricsRegistry) {
        self.pipeline = pipeline
        self.maxBodyBytes = maxBodyBytes
        self.isSecure = isSecure
        self.logger = logger
        inFlightGauge = metrics.gauge(
            "phiguard_http_requests_in_flight", help: "HTTP requests received and not yet completed.")
    }

    /// Requests whose headers arrived and whose answer has not been sent yet.
    var requestsInFlight: Int { inFlight.load(ordering: .acquiring) }

    func requestStarted() {
        inFlight.wrappingAdd(1, ordering: .relaxed)
        inFlightGauge.increment()
    }

    func requestFinished() {
        inFlight.wrappingSubtract(1, ordering: .releasing)
        inFlightGauge.decrement()
    }
}
