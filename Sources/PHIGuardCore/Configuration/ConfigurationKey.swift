/// One configuration setting: its name in each layer, what values it accepts, and whether it is secret.
public struct ConfigurationKey: Sendable, Hashable {
    /// The dotted name used in the JSON config file and in `config show`, for example `listen.port`.
    public let name: String
    /// What the setting does, for `config show` and the README.
    public let summary: String
    /// The value used when no layer sets one; nil means unset.
    public let defaultValue: String?
    /// What values are accepted.
    public let kind: Kind
    /// Secrets are masked in `config show` and never logged.
    public let isSecret: Bool

    public init(_ name: String, _ summary: String, default defaultValue: String?, kind: Kind, secret: Bool = false) {
        self.name = name
        self.summary = summary
        self.defaultValue = defaultValue
        self.kind = kind
        self.isSecret = secret
    }

    /// The environment variable that sets this key: `PHIGUARD_` and the name upper-cased with `.` as `_`.
    public var environmentName: String {
        "PHIGUARD_" + name.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    /// The command-line flag that sets this key: `--` and the name with `.` and `_` as `-`.
    public var flagName: String {
        "--" + name.replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "_", with: "-")
    }

    /// The accepted values of a setting.
    public enum Kind: Sendable, Hashable {
        case string
        case path
        case integer(ClosedRange<Int>)
        case boolean
        case choice([String])
        case url(schemes: [String])

        /// A phrase naming the accepted values, used in error messages.
        public var accepted: String {
            switch self {
            case .string: "any text"
            case .path: "a file system path"
            case .integer(let range): "an integer from \(range.lowerBound) to \(range.upperBound)"
            case .boolean: "true or false"
            case .choice(let values): "one of " + values.joined(separator: ", ")
            case .url(let schemes): "a URL starting with " + schemes.map { "\($0)://" }.joined(separator: " or ")
            }
        }

        /// Whether `text` is acceptable for this kind.
        public func accepts(_ text: String) -> Bool {
            switch self {
            case .string: true
            case .path: !text.isEmpty && !text.contains("\0")
            case .integer(let range): Int(text).map(range.contains) ?? false
            case .boolean: ["true", "false"].contains(text)
            case .choice(let values): values.contains(text)
            case .url(let schemes): schemes.contains { text.hasPrefix("\($0)://") }
            }
        }
    }
}
