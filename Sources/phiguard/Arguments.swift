import PHIGuardCore
import PHIGuardServer

/// Command-line words split into positional words and `--flag value` / `--flag=value` options.
struct Arguments {
    var positional: [String] = []
    /// Options as given, the last value winning; repeatable options keep every value in `repeated`.
    var options: [String: String] = [:]
    var repeated: [String: [String]] = [:]

    /// Options that take no value.
    static let switches: Set<String> = ["--help", "--json", "--dry-run", "--tree-only"]

    init(_ words: [String]) throws {
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            guard word.hasPrefix("--") else {
                positional.append(word)
                continue
            }
            if let equals = word.firstIndex(of: "=") {
                record(String(word[..<equals]), String(word[word.index(after: equals)...]))
            } else if Self.switches.contains(word) {
                record(word, "true")
            } else {
                guard index < words.count else { throw UsageError("option \(word) needs a value") }
                record(word, words[index])
                index += 1
            }
        }
    }

    private mutating func record(_ name: String, _ value: String) {
        options[name] = value
        repeated[name, default: []].append(value)
    }

    /// Splits options into those that are settings (passed to configuration) and the command's own.
    func split(commandOptions: Set<String>) throws -> (settings: [String: String], own: [String: String]) {
        let settingFlags = Set(Settings.keys.map(\.flagName)).union(["--config"])
        var settings: [String: String] = [:]
        var own: [String: String] = [:]
        for (name, value) in options {
            if commandOptions.contains(name) {
                own[name] = value
            } else if settingFlags.contains(name) {
                settings[name] = value
            } else {
                throw UsageError("unknown option \(name)")
            }
        }
        return (settings, own)
    }
}

/// A mistake in how the command was called: a one-line hint and exit status 64 (EX_USAGE).
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
