/// Where log records go. Sinks must be thread-safe: the server logs from many threads.
public protocol LogSink: Sendable {
    /// Writes one record.
    func write(_ record: LogRecord)
}
