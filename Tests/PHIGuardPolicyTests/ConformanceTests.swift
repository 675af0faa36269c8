import Foundation
import Testing

@testable import PHIGuardPolicy

@Suite("Cedar conformance")
struct ConformanceTests {
    @Test("The test data is present")
    func testDataIsPresent() {
        #expect(ConformanceCase.integration.count > 0)
        #expect(ConformanceCase.corpus.count > 0)
    }

    @Test("Integration cases decide as the reference does", arguments: ConformanceCase.integration)
    func integrationCase(_ testCase: ConformanceCase) throws {
        try check(testCase)
    }

    @Test("Corpus cases decide as the reference does", arguments: ConformanceCase.corpus)
    func corpusCase(_ testCase: ConformanceCase) throws {
        try check(testCase)
    }

    private func check(_ testCase: ConformanceCase) throws {
        let manifest = try testCase.manifest()
        let schema = try manifest["schema"]?.string.map { try Schema(text: try testCase.text($0)) }
        let policies = try PolicySet(text: try testCase.text(try #require(manifest["policies"]?.string)))
        let entities = try Entities(
            json: try testCase.data(try #require(manifest["entities"]?.string)), schema: schema)
        guard case .array(let requests) = manifest["requests"] else { return }
        for (index, json) in requests.enumerated() {
            let expected = try ConformanceRequest(json, schema: schema)
            let response = Authorizer().isAuthorized(expected.request, policies: policies, entities: entities)
            let passed =
                response.decision == expected.decision && response.reasons == expected.reasons
                && response.errors == expected.errors
            let key = "\(testCase.path)#\(index)"
            if KnownConformanceGaps.requests[key] != nil {
                #expect(!passed, "\(key) is listed as a known gap but now passes")
            } else {
                #expect(
                    passed,
                    """
                    \(key): got \(response.decision) \(response.reasons) errors \(response.errors) \
                    \(response.errorMessages), expected \(expected.decision) \(expected.reasons) \
                    errors \(expected.errors)
                    """)
            }
        }
    }
}
