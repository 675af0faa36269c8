import Testing

@testable import PHIGuardHTTP

@Suite("Router path splitting")
struct RouterPathSplittingTests {
    @Test(
        "paths split on every slash, dropping what comes before the first",
        arguments: ["/", "/healthz", "/api/v1/status", "//a//", "/a/b%2Fc/", "no-slash", "x/y", ""])
    func splitsLikeSplit(path: String) {
        let expected = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            .map { PercentDecoding.decode($0) }
        #expect(Router.decodedSegments(path) == expected.compactMap { $0 })
    }

    @Test("a broken escape makes the path unroutable")
    func brokenEscape() {
        #expect(Router.decodedSegments("/a/%zz") == nil)
    }
}
