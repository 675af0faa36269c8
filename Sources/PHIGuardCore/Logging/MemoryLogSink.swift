import Synchronization

/// Keeps rendered log lines in memory so tests can read exactly what a production sink would have written.
public final class MemoryLogSink: LogSink {
    private let lines = Mutex<[String]>([])

    public init() {}

    public func write(_ record: LogRecord) {
        let line = String(decoding: JSONLineLogSink.render(record), as: UTF8.self)
        lines.withLock { $0.append(line) }
    }

    /// Every line written so far, in order.
    public var rendered: [String] { lines.withLock { $0 } }

    /// All lines joined, for substring assertions.
    public var text: String { rendered.joined(separator: "\n") }
}
