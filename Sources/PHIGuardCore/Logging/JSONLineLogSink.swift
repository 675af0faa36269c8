import Foundation
import Synchronization

/// Writes each record as one JSON line to a file descriptor (stderr by default), masking sensitive values.
public final class JSONLineLogSink: LogSink {
    /// The text written in place of a sensitive value.
    public static let mask = "[redacted]"

    private let descriptor: Int32
    private let lock = Mutex(())

    /// Creates a sink on `descriptor`; the sink does not own or close it.
    public init(descriptor: Int32 = 2) {
        self.descriptor = descriptor
    }

    public func write(_ record: LogRecord) {
        var line = Self.render(record)
        line.append(0x0A)
        lock.withLock { _ in
            line.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }

    /// Renders a record as a JSON object with keys `ts`, `level`, `logger`, `msg`, then metadata keys in order.
    public static func render(_ record: LogRecord) -> [UInt8] {
        var out = JSONWriter()
        out.beginObject()
        out.key("ts")
        out.string(ISO8601.format(record.timestamp))
        out.key("level")
        out.string(record.level.name)
        out.key("logger")
        out.string(record.label)
        out.key("msg")
        out.string(record.message)
        for (key, value) in record.metadata.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            out.key(key.rawValue)
            switch value {
            case .string(let text): out.string(text)
            case .int(let number): out.raw(String(number))
            case .double(let number): out.raw(number.isFinite ? String(number) : "null")
            case .bool(let flag): out.raw(flag ? "true" : "false")
            case .sensitive: out.string(mask)
            }
        }
        out.endObject()
        return out.bytes
    }
}
