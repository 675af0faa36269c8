import Foundation
import PHIGuardCore
import PHIGuardHTTP
import Testing

@Suite("HTTP server limits and shutdown")
struct HTTPServerLimitsTests {
    @Test("a declared body over the limit is refused with 413 before the handler runs")
    func declaredBodyTooLarge() throws {
        let calls = HTTPServerTests.CallCount()
        let server = try TestServer(router: HTTPServerTests.router(handlerRuns: calls))
        defer { server.stop() }
        let client = try server.client()
        try client.send("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5000\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 413)
        #expect(response.headers["content-type"] == "application/problem+json")
        #expect(try response.json()["status"] as? Int == 413)
        #expect(calls.value == 0)
    }

    @Test("after an early 413 the connection closes, so the unread body is never parsed as a request")
    func earlyRefusalClosesConnection() throws {
        let server = try TestServer(router: HTTPServerTests.router())
        defer { server.stop() }
        let client = try server.client(timeout: 3)
        let smuggled = "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
        let body = smuggled + String(repeating: "z", count: 5000 - smuggled.utf8.count)
        try client.send("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5000\r\n\r\n" + body)
        let refused = try client.readResponse()
        #expect(refused.status == 413)
        #expect(refused.headers["connection"] == "close")
        #expect(throws: (any Error).self) { try client.readResponse() }
        #expect(!server.metrics.render().contains("status=\"404\""))
    }

    @Test("a chunked body growing over the limit gets 413 and the handler does not run")
    func chunkedBodyTooLarge() throws {
        let calls = HTTPServerTests.CallCount()
        let server = try TestServer(router: HTTPServerTests.router(handlerRuns: calls))
        defer { server.stop() }
        let client = try server.client()
        let chunk = String(repeating: "a", count: 600)
        try client.send("POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n")
        try client.send("258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n")
        #expect(try client.readResponse().status == 413)
        #expect(calls.value == 0)
        let small = try server.client().request("POST", "/upload", body: String(repeating: "b", count: 1024))
        #expect(small.text == "1024")
        #expect(calls.value == 1)
    }

    @Test("a client that stalls halfway through its headers is disconnected after the timeout")
    func slowClientClosed() throws {
        let server = try TestServer(router: HTTPServerTests.router()) { $0.connectionTimeoutSeconds = 1 }
        defer { server.stop() }
        let client = try server.client(timeout: 6)
        try client.send("GET /patients/me HTTP/1.1\r\nHost: loc")
        let start = ContinuousClock.now
        #expect(client.waitForClose())
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(500))
        #expect(elapsed < .seconds(5))
    }

    @Test("a header block over the connection memory limit is refused")
    func largeHeaderRefused() throws {
        let server = try TestServer(router: HTTPServerTests.router()) { $0.connectionMemoryLimit = 16 << 10 }
        defer { server.stop() }
        let client = try server.client()
        let big = String(repeating: "x", count: 32 << 10)
        let outcome = Result { try client.request("GET", "/patients/me", headers: [("X-Big", big)]) }
        switch outcome {
        case .success(let response):
            #expect(response.status == 431)
        case .failure:
            #expect(client.waitForClose())
        }
        #expect(try server.client().request("GET", "/patients/me").status == 200)
    }

    @Test("shutdown waits for a request in flight, then refuses new connections")
    func gracefulShutdown() throws {
        let router = Router()
        router.get("/slow", summary: "Slow") { _ in
            Thread.sleep(forTimeInterval: 0.3)
            return .text("done")
        }
        let server = try TestServer(router: router)
        let answered = DispatchSemaphore(value: 0)
        let result = ResultBox()
        let port = server.port
        DispatchQueue.global().async {
            result.set(Result { try RawHTTPClient(port: port).request("GET", "/slow") })
            answered.signal()
        }
        let deadline = ContinuousClock.now + .seconds(3)
        while server.server.requestsInFlight == 0, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.005)
        }
        #expect(server.server.requestsInFlight == 1)
        server.server.shutdown(drainTimeout: .seconds(5))
        #expect(answered.wait(timeout: .now() + 5) == .success)
        let response = try #require(try result.get()?.get())
        #expect(response.status == 200)
        #expect(response.text == "done")
        #expect(server.server.port == nil)
        #expect(throws: (any Error).self) { try RawHTTPClient(port: server.port).request("GET", "/slow") }
    }

    /// Hands a result from the client thread to the test.
    final class ResultBox: @unchecked Sendable {
        // @unchecked: guarded by the lock below.
        private let lock = NSLock()
        private var value: Result<RawHTTPClient.Response, any Error>?

        func set(_ result: Result<RawHTTPClient.Response, any Error>) { lock.withLock { value = result } }
        func get() -> Result<RawHTTPClient.Response, any Error>? { lock.withLock { value } }
    }
}
