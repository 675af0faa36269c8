import Foundation
import Testing

@testable import PHIGuardPolicy

@Suite("Cedar validation conformance")
struct ValidationConformanceTests {
    @Test(
        "The validator agrees with the reference on whether policies validate",
        arguments: ConformanceCase.integration + ConformanceCase.corpus)
    func agreesWithReference(_ testCase: ConformanceCase) throws {
        let manifest = try testCase.manifest()
        let schema = try Schema(text: try testCase.text(try #require(manifest["schema"]?.string)))
        let policies = try PolicySet(text: try testCase.text(try #require(manifest["policies"]?.string)))
        let shouldValidate = manifest["shouldValidate"] == .bool(true)
        let errors = Validator(schema: schema).validate(policies)
        let agrees = errors.isEmpty == shouldValidate
        if KnownConformanceGaps.validation[testCase.path] != nil {
            #expect(!agrees, "\(testCase.path) is listed as a known validation gap but now agrees")
        } else {
            #expect(agrees, "\(testCase.path): expected valid=\(shouldValidate), got \(errors)")
        }
    }
}
