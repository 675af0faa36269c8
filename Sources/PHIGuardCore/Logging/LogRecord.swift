import Foundation

/// One log record as handed to a sink.
public struct LogRecord: Sendable {
    public var timestamp: Date
    public var level: LogLevel
    public var label: String
    /// A constant message: values belong in `metadata`.
    public var message: String
    public var metadata: [LogKey: LogValue]
}
