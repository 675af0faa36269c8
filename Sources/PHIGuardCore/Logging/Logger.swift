import Foundation

/// The logging facade every component accepts: constant messages, values in metadata, a level threshold.
///
/// A `Logger` is a value: `with(_:_:)` returns a copy carrying more metadata, for example a request id.
public struct Logger: Sendable {
    /// The component name written in each line.
    public var label: String
    /// Records below this level are dropped before any work is done.
    public var level: LogLevel
    /// Metadata attached to every record this logger writes.
    public var metadata: [LogKey: LogValue]
    private let sink: any LogSink

    /// Creates a logger writing to `sink`.
    public init(label: String, level: LogLevel = .info, sink: any LogSink, metadata: [LogKey: LogValue] = [:]) {
        self.label = label
        self.level = level
        self.sink = sink
        self.metadata = metadata
    }

    /// A logger that writes nothing, for tests and tools that do not want output.
    public static let disabled = Logger(label: "disabled", level: .critical, sink: DiscardingLogSink())

    /// A copy that adds one metadata value to every record.
    public func with(_ key: LogKey, _ value: LogValue) -> Logger {
        var copy = self
        copy.metadata[key] = value
        return copy
    }

    /// A copy with another label, sharing sink, level and metadata.
    public func labeled(_ label: String) -> Logger {
        var copy = self
        copy.label = label
        return copy
    }

    /// Whether a record at `level` would be written; check it before building costly metadata.
    public func isEnabled(_ level: LogLevel) -> Bool { level >= self.level }

    /// Writes a record when `level` passes the threshold.
    public func log(_ level: LogLevel, _ message: StaticString, _ metadata: [LogKey: LogValue] = [:]) {
        guard level >= self.level else { return }
        let merged = self.metadata.merging(metadata) { _, new in new }
        sink.write(
            LogRecord(timestamp: Date(), level: level, label: label, message: "\(message)", metadata: merged)
        )
    }

    public func trace(_ message: StaticString, _ metadata: [LogKey: LogValue] = [:]) { log(.trace, message, metadata) }
    public func debug(_ message: StaticString, _ metadata: [LogKey: LogValue] = [:]) { log(.debug, message, metadata) }
    public func info(_ message: StaticString, _ metadata: [LogKey: LogValue] = [:]) { log(.info, message, metadata) }
    public func notice(_ message: StaticString, _ metadata: [LogKey: LogValue] = [:]) {
        log(.notice, message, metadata)
    }
    public func warning(_ message: StaticString, _ metadata: [LogKey: LogValue] = [:]) {
        log(.warning, message, metadata)
    }
    public func error(_ message: StaticString, _ metadata: [LogKey: LogValue] = [:]) { log(.error, message, metadata) }
    public func critical(_ message: StaticString, _ metadata: [LogKey: LogValue] = [:]) {
        log(.critical, message, metadata)
    }
}

extension Logger {
    /// Metadata describing an error without leaking what it carries: the stable code, and the safe reason.
    public static func errorMetadata(_ error: any Error) -> [LogKey: LogValue] {
        if let error = error as? PHIGuardError {
            return [.errorCode: .string(error.code.rawValue), .errorReason: .string(error.reason)]
        }
        return [.errorCode: .string(String(describing: type(of: error)))]
    }
}

/// A sink that drops every record.
public struct DiscardingLogSink: LogSink {
    public init() {}
    public func write(_ record: LogRecord) {}
}
