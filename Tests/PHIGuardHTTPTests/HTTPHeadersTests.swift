import Testing

@testable import PHIGuardHTTP

@Suite("HTTP headers")
struct HTTPHeadersTests {
    @Test("names match ignoring ASCII case only")
    func namesMatchIgnoringASCIICase() {
        #expect(HTTPHeaders.namesMatch("Content-Length", "content-length"))
        #expect(HTTPHeaders.namesMatch("X-REQUEST-ID", "x-request-id"))
        #expect(!HTTPHeaders.namesMatch("Content-Length", "Content-Lengt"))
        #expect(!HTTPHeaders.namesMatch("a[", "A{"))
        #expect(HTTPHeaders.namesMatch("", ""))
    }

    @Test("set replaces every field of the name, whatever its case")
    func setReplaces() {
        var headers = HTTPHeaders([("Cache-Control", "a"), ("cache-control", "b"), ("Vary", "x")])
        headers.set("CACHE-CONTROL", "no-store")
        #expect(headers["cache-control"] == "no-store")
        #expect(Array(headers).map(\.name) == ["Vary", "CACHE-CONTROL"])
    }
}
