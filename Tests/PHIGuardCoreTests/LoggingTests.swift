import Foundation
import Testing

@testable import PHIGuardCore

@Suite("Logging")
struct LoggingTests {
    @Test("sensitive values are masked and messages stay constant")
    func sensitiveValuesAreMasked() throws {
        let sink = MemoryLogSink()
        let logger = Logger(label: "test", level: .debug, sink: sink).with(.requestID, "req-1")
        logger.info("user signed in", [.userID: .sensitive("Jane Patient")])
        let line = try #require(sink.rendered.first)
        #expect(!line.contains("Jane"))
        #expect(line.contains(JSONLineLogSink.mask))
        #expect(line.contains("\"request.id\":\"req-1\""))
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["msg"] as? String == "user signed in")
        #expect(object?["level"] as? String == "info")
    }

    @Test("records under the threshold are dropped")
    func thresholdDrops() {
        let sink = MemoryLogSink()
        let logger = Logger(label: "test", level: .warning, sink: sink)
        logger.info("routine")
        logger.warning("unusual")
        #expect(sink.rendered.count == 1)
    }

    @Test("control characters are escaped so one record stays one line")
    func controlCharactersEscaped() {
        let sink = MemoryLogSink()
        Logger(label: "t", sink: sink).error("failed", [.errorReason: "line one\nline two\u{1}"])
        #expect(!sink.text.contains("\n"))
        #expect(sink.text.contains("\\u0001"))
    }
}
