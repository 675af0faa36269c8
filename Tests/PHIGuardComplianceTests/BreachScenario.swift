import Foundation
import PHIGuardCompliance
import Testing

/// One row of `Cases/plans.json`: a breach case as the CLI reads it, and either the plan it must produce or the
/// problems (JSON pointer and detail) it must be refused with.
struct BreachScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var today: CalendarDate
    /// The case, as JSON bytes.
    var input: Data
    /// The expected plan as canonical JSON (sorted keys), when the case is valid.
    var expectedPlan: String?
    /// The expected problems, in order, when it is not.
    var expectedProblems: [ComplianceInputError.Problem]

    var testDescription: String { name }

    /// Every scenario of the file, or none when it cannot be read (which `scenarioFileIsComplete` catches).
    static let all: [BreachScenario] = (try? load()) ?? []

    static func load() throws -> [BreachScenario] {
        let url = try #require(Bundle.module.url(forResource: "plans", withExtension: "json", subdirectory: "Cases"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let rows = try #require(document["scenarios"] as? [[String: Any]])
        return try rows.map(BreachScenario.init(row:))
    }

    private init(row: [String: Any]) throws {
        name = try #require(row["name"] as? String)
        today = try #require(CalendarDate(iso: row["today"] as? String ?? "2026-12-04"))
        input = try JSONSerialization.data(withJSONObject: try #require(row["input"]), options: [.sortedKeys])
        expectedPlan = try (row["expected"]).map(Self.canonical)
        let problems = row["problems"] as? [[String]] ?? []
        expectedProblems = problems.map { ComplianceInputError.Problem(pointer: $0[0], detail: $0[1]) }
    }

    /// A JSON value written with sorted keys, so two plans compare as text and a difference prints readably.
    static func canonical(_ object: Any) throws -> String {
        let data = try JSONSerialization.data(
            withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// A plan as the contract writes it, in the same canonical form.
    static func canonical(_ plan: BreachPlan) throws -> String {
        try canonical(try JSONSerialization.jsonObject(with: JSONEncoder().encode(plan)))
    }
}
