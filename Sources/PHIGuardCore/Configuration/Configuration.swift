import Foundation

/// The effective configuration: every known key resolved through the layers
/// defaults < JSON config file < environment (`PHIGUARD_*`) < command-line flags.
public struct Configuration: Sendable {
    /// Where a value came from, shown by `config show`.
    public enum Source: String, Sendable, Codable {
        case defaultValue = "default"
        case file
        case environment
        case flag
    }

    /// One resolved setting.
    public struct Entry: Sendable {
        public let key: ConfigurationKey
        public let value: String?
        public let source: Source
    }

    /// Resolved entries in the order the keys were declared.
    public let entries: [Entry]

    /// Resolves `keys` through the layers. Unknown names in the file or flags, and values a key does not
    /// accept, are errors that name the key and the accepted values.
    ///
    /// - Parameters:
    ///   - keys: every key the program knows.
    ///   - file: the parsed JSON config file, flattened to dotted names (see `flatten(_:)`), or empty.
    ///   - environment: the process environment; only `PHIGUARD_*` names are read.
    ///   - flags: flag name (with `--`) to value.
    /// - Throws: `PHIGuardError` with code `config.invalid`.
    public init(
        keys: [ConfigurationKey],
        file: [String: String] = [:],
        environment: [String: String] = [:],
        flags: [String: String] = [:]
    ) throws {
        let byName = Dictionary(uniqueKeysWithValues: keys.map { ($0.name, $0) })
        for name in file.keys where byName[name] == nil {
            throw PHIGuardError(.configuration, "unknown setting \(name) in the config file")
        }
        let byFlag = Dictionary(uniqueKeysWithValues: keys.map { ($0.flagName, $0) })
        for flag in flags.keys where byFlag[flag] == nil {
            throw PHIGuardError(.configuration, "unknown option \(flag)")
        }
        entries = try keys.map { key in
            var entry = Entry(key: key, value: key.defaultValue, source: .defaultValue)
            if let value = file[key.name] { entry = Entry(key: key, value: value, source: .file) }
            if let value = environment[key.environmentName] {
                entry = Entry(key: key, value: value, source: .environment)
            }
            if let value = flags[key.flagName] { entry = Entry(key: key, value: value, source: .flag) }
            if let value = entry.value, !key.kind.accepts(value) {
                let shown = key.isSecret ? "" : " (got \"\(value)\")"
                throw PHIGuardError(
                    .configuration,
                    "\(key.name) from \(entry.source.rawValue) is not accepted\(shown): expected \(key.kind.accepted)"
                )
            }
            return entry
        }
    }

    /// The value of a key, or nil when unset.
    public func string(_ key: ConfigurationKey) -> String? {
        entries.first { $0.key == key }?.value
    }

    /// The value of an integer key; the kind was checked at load.
    public func integer(_ key: ConfigurationKey) -> Int? {
        string(key).flatMap { Int($0) }
    }

    /// The value of a boolean key.
    public func boolean(_ key: ConfigurationKey) -> Bool {
        string(key) == "true"
    }

    /// Lines for `config show`: `name = value  (source)`, secrets masked.
    public func rendered() -> String {
        let width = entries.map(\.key.name.count).max() ?? 0
        return entries.map { entry in
            let name = entry.key.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let value: String
            switch (entry.value, entry.key.isSecret) {
            case (nil, _): value = "(unset)"
            case (_, true): value = "********"
            case (let text?, false): value = text
            }
            return "\(name) = \(value)  (\(entry.source.rawValue))"
        }.joined(separator: "\n")
    }

    /// Reads a JSON config file and flattens it into dotted names:
    /// `{"listen": {"port": 8080}}` gives `listen.port = 8080`.
    ///
    /// - Throws: `config.invalid` naming the file when it is not a JSON object of strings, numbers and booleans.
    public static func readFile(_ bytes: [UInt8], path: String) throws -> [String: String] {
        let value: ConfigFileValue
        do {
            value = try JSONDecoder().decode(ConfigFileValue.self, from: Data(bytes))
        } catch {
            throw PHIGuardError(.configuration, "\(path) is not valid JSON of strings, numbers, booleans and objects")
        }
        guard case .object = value else {
            throw PHIGuardError(.configuration, "\(path) must hold a JSON object")
        }
        var out: [String: String] = [:]
        value.flatten(prefix: "", into: &out)
        return out
    }
}

/// A value in the JSON config file.
private enum ConfigFileValue: Decodable {
    case scalar(String)
    case object([String: ConfigFileValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .scalar(flag ? "true" : "false")
        } else if let number = try? container.decode(Int.self) {
            self = .scalar(String(number))
        } else if let text = try? container.decode(String.self) {
            self = .scalar(text)
        } else {
            self = .object(try container.decode([String: ConfigFileValue].self))
        }
    }

    func flatten(prefix: String, into out: inout [String: String]) {
        switch self {
        case .scalar(let text): out[prefix] = text
        case .object(let members):
            for (name, value) in members {
                value.flatten(prefix: prefix.isEmpty ? name : "\(prefix).\(name)", into: &out)
            }
        }
    }
}
