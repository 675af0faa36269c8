import Foundation
import PHIGuardCore
import PHIGuardHTTP
import Testing

/// A throughput figure with wrk on loopback; opt in with `PHIGUARD_BENCH=1`, as it takes seconds and needs wrk.
@Suite("HTTP throughput", .enabled(if: ProcessInfo.processInfo.environment["PHIGUARD_BENCH"] != nil))
struct ThroughputTests {
    @Test("wrk against a trivial JSON route")
    func wrkJSONRoute() throws {
        let router = Router()
        router.get("/healthz", summary: "Health") { _ in try .json(["status": "ok"]) }
        let server = HTTPServer(
            configuration: .init(port: 0, threadCount: 2), router: router, logger: .disabled,
            metrics: MetricsRegistry())
        try server.start()
        defer { server.shutdown() }
        let port = try #require(server.port)
        let run = try TLSTests.run(
            ["wrk", "-t2", "-c64", "-d5s", "--latency", "http://127.0.0.1:\(port)/healthz"], timeout: 20)
        print(run.output)
        #expect(run.status == 0)
        #expect(run.output.contains("Requests/sec"))
    }
}
