import Foundation
import PHIGuardCompliance
import Testing

@Suite("Breach plan scenarios")
struct BreachScenarioTests {
    @Test("the scenario file loads and covers at least 40 valid cases and every kind of bad input")
    func scenarioFileIsComplete() throws {
        let scenarios = try BreachScenario.load()
        #expect(scenarios.filter { $0.expectedPlan != nil }.count >= 40)
        #expect(scenarios.filter { !$0.expectedProblems.isEmpty }.count >= 20)
        #expect(Set(scenarios.map(\.name)).count == scenarios.count)
        #expect(scenarios.allSatisfy { ($0.expectedPlan == nil) != $0.expectedProblems.isEmpty })
    }

    @Test("each case gives its plan or is refused naming each bad field", arguments: BreachScenario.all)
    func scenario(_ scenario: BreachScenario) throws {
        if let expected = scenario.expectedPlan {
            let input = try BreachClockInput(json: scenario.input, today: scenario.today)
            #expect(try BreachScenario.canonical(BreachClock().plan(for: input)) == expected)
        } else {
            let error = #expect(throws: ComplianceInputError.self) {
                try BreachClockInput(json: scenario.input, today: scenario.today)
            }
            #expect(error?.problems == scenario.expectedProblems)
        }
    }
}
