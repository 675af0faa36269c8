import Foundation
import PHIGuardCore
import PHIGuardHTTP

/// A server on 127.0.0.1 and a free port, with logs and metrics kept for assertions.
struct TestServer {
    let server: HTTPServer
    let port: UInt16
    let logs: MemoryLogSink
    let metrics: MetricsRegistry

    init(
        router: Router,
        middleware: [any HTTPMiddleware] = [],
        configure: (inout HTTPServer.Configuration) -> Void = { _ in }
    ) throws {
        var configuration = HTTPServer.Configuration(
            host: "127.0.0.1", port: 0, threadCount: 2, maxBodyBytes: 1024, connectionTimeoutSeconds: 5)
        configure(&configuration)
        logs = MemoryLogSink()
        metrics = MetricsRegistry()
        server = HTTPServer(
            configuration: configuration, router: router, middleware: middleware,
            logger: Logger(label: "http", level: .debug, sink: logs), metrics: metrics)
        try server.start()
        guard let port = server.port, port != 0 else { throw RawHTTPClient.Failure(description: "no port") }
        self.port = port
    }

    func client(timeout: Int = 5) throws -> RawHTTPClient {
        try RawHTTPClient(port: port, timeout: timeout)
    }

    func stop() {
        server.shutdown(drainTimeout: .seconds(2))
    }
}
