/// How much a log record matters, from `trace` (noise) to `critical` (someone must act now).
public enum LogLevel: Int, Sendable, Comparable, CaseIterable, Codable {
    case trace, debug, info, notice, warning, error, critical

    /// The lowercase name written in each JSON log line and accepted in configuration.
    public var name: String {
        switch self {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .critical: "critical"
        }
    }

    /// Parses a level name as written in configuration.
    public init?(name: String) {
        guard let level = LogLevel.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = level
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
