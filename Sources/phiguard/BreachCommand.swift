import Foundation
import PHIGuardCompliance
import PHIGuardCore

/// `phiguard breach plan`: decides whether a breach case is reportable and prints every notice's deadline as
/// JSON, from a case file, with the engine the server uses.
enum BreachCommand {
    /// Runs the subcommand named after `breach`.
    static func run(_ arguments: Arguments) throws {
        switch arguments.positional.dropFirst().first {
        case "plan": try plan(arguments)
        default: throw UsageError("expected 'breach plan --input FILE'")
        }
    }

    /// Prints the plan; exit 1 with the file and each bad field when the case cannot be planned.
    private static func plan(_ arguments: Arguments) throws {
        if let unknown = arguments.options.keys.sorted().first(where: { !["--input", "--today"].contains($0) }) {
            throw UsageError("unknown option \(unknown)")
        }
        if let repeated = arguments.repeated.first(where: { $0.value.count > 1 })?.key {
            throw UsageError("\(repeated) given more than once")
        }
        guard arguments.positional.count == 2 else {
            throw UsageError("unexpected argument \(arguments.positional.dropFirst(2).first ?? "")")
        }
        guard let file = arguments.options["--input"] else { throw UsageError("--input is required") }
        let today = try today(arguments.options["--today"])

        let input = try read(file, today: today)
        let plan = BreachClock().plan(for: input)
        let bytes = try JSON.encode(plan, pretty: true)
        FileHandle.standardOutput.write(Data(bytes + Array("\n".utf8)))
    }

    /// `--today` when given, otherwise the date on this machine's clock in its time zone.
    private static func today(_ option: String?) throws -> CalendarDate {
        guard let option else { return CalendarDate(Date(), in: .current) }
        guard let date = CalendarDate(iso: option) else { throw UsageError("--today takes a date YYYY-MM-DD") }
        return date
    }

    /// The case in the file, or exit 1 after naming the file and what is wrong with it.
    private static func read(_ file: String, today: CalendarDate) throws -> BreachClockInput {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw report(["\(file): cannot read the file"])
        }
        do {
            _ = try PolicyJSONScanner.scan([UInt8](data))
        } catch {
            throw report(["\(file):\(error.location.line):\(error.location.column): malformed JSON: \(error.message)"])
        }
        do {
            return try BreachClockInput(json: data, today: today)
        } catch {
            throw report(error.problems.map { "\(file): \($0.pointer): \($0.detail)" })
        }
    }

    /// Writes one line per problem on standard error; the caller throws the status 1 this returns.
    private static func report(_ lines: [String]) -> ExitStatus {
        let text = lines.map { "phiguard: \($0)\n" }.joined()
        FileHandle.standardError.write(Data(text.utf8))
        return ExitStatus(code: 1)
    }
}
