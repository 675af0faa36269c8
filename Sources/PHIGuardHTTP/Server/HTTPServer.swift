internal import CMicroHTTPD
import Foundation
import PHIGuardCore
import Synchronization

// TODO: run handlers on a separate pool with MHD_suspend_connection/MHD_resume_connection, so a slow handler does
// not hold a worker thread; measure first, the pool is enough for the request rates in ARCHITECTURE.md.

/// The HTTP/1.1 server: libmicrohttpd accepting and parsing on a pool of worker threads, routing and middleware in
/// Swift, an `application/problem+json` answer for every failure.
///
/// Handlers run on libmicrohttpd's worker threads, one request per thread at a time: `threadCount` bounds how many
/// run at once, and a slow handler delays the other connections of its thread.
public final class HTTPServer: Sendable {
    /// The settings the server was created with.
    public let configuration: Configuration
    private let context: ServerContext
    private let logger: Logger
    private let running = Mutex<Daemon?>(nil)

    /// Creates a server; nothing listens until `start()`.
    /// - Parameter middleware: run in order around the router, the first outermost.
    public init(
        configuration: Configuration,
        router: Router,
        middleware: [any HTTPMiddleware] = [],
        logger: Logger,
        metrics: MetricsRegistry
    ) {
        self.configuration = configuration
        self.logger = logger
        let pipeline = RequestPipeline(router: router, middleware: middleware, logger: logger, metrics: metrics)
        context = ServerContext(
            pipeline: pipeline, maxBodyBytes: configuration.maxBodyBytes, isSecure: configuration.isTLS,
            logger: logger, metrics: metrics)
    }

    deinit {
        running.withLock { $0 }.map { $0.stop() }
    }

    /// The port the server listens on (the one the system chose when configured with 0), or `nil` when stopped.
    public var port: UInt16? { running.withLock { $0?.port } }

    /// Requests received and not yet answered.
    public var requestsInFlight: Int { context.requestsInFlight }

    /// Binds the address and starts the worker threads.
    /// - Throws: `PHIGuardError` `.configuration` for a host that is not an IP literal or a half TLS setup, `.io`
    ///   when libmicrohttpd cannot start (port in use, unreadable certificate).
    public func start() throws {
        try running.withLock { running in
            guard running == nil else { return }
            running = try Daemon.start(configuration: configuration, context: context)
        }
        logger.info(
            "HTTP server listening",
            [.listenAddress: .string("\(configuration.host):\(port ?? 0)"), "server.tls": .bool(configuration.isTLS)])
    }

    /// Stops accepting connections, lets requests in flight finish for up to `drainTimeout`, then stops.
    ///
    /// Idle keep-alive connections are closed. Requests still running after the timeout are cut off.
    public func shutdown(drainTimeout: Duration = .seconds(10)) {
        guard let daemon = running.withLock({ running in running.take() }) else { return }
        daemon.stopAccepting()
        let deadline = ContinuousClock.now + drainTimeout
        while context.requestsInFlight > 0, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.005)
        }
        let abandoned = context.requestsInFlight
        daemon.stop()
        if abandoned > 0 {
            logger.warning("HTTP server stopped with requests in flight", ["http.in_flight": .int(abandoned)])
        } else {
            logger.info("HTTP server stopped")
        }
    }
}
