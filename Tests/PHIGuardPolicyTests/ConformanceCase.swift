import Foundation
import PHIGuardCore
import Testing

@testable import PHIGuardPolicy

/// One integration-test file from the Cedar conformance data: policies, entities, schema and requests.
struct ConformanceCase: Sendable, CustomTestStringConvertible {
    /// The file path relative to the test data root, such as `tests/ip/1.json`.
    let path: String

    var testDescription: String { path }

    /// The test data root: `../shared/testdata/cedar` next to the repository, or next to its worktree folder.
    static let root: URL? = {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [
            repository.appendingPathComponent("../shared/testdata/cedar"),
            repository.appendingPathComponent("../../shared/testdata/cedar"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("tests").path) }
    }()

    /// The integration cases under `tests/`.
    static let integration: [ConformanceCase] = cases(under: "tests", excludingSuffix: nil)

    /// The generated cases under `corpus-tests/`.
    static let corpus: [ConformanceCase] = cases(under: "corpus-tests", excludingSuffix: ".entities.json")

    private static func cases(under folder: String, excludingSuffix: String?) -> [ConformanceCase] {
        guard let root else { return [] }
        let base = root.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return [] }
        var result: [ConformanceCase] = []
        for case let file as String in enumerator where file.hasSuffix(".json") {
            if let excludingSuffix, file.hasSuffix(excludingSuffix) { continue }
            result.append(ConformanceCase(path: "\(folder)/\(file)"))
        }
        return result.sorted { $0.path < $1.path }
    }

    func data(_ relative: String) throws -> Data {
        let root = try #require(Self.root)
        return try Data(contentsOf: root.appendingPathComponent(relative))
    }

    func text(_ relative: String) throws -> String {
        String(decoding: try data(relative), as: UTF8.self)
    }

    /// The case file as JSON.
    func manifest() throws -> [String: JSONValue] {
        try #require(try JSONValue.parse(try data(path)).object)
    }
}
