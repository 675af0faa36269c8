internal import CPostgres
import PHIGuardCore

/// Bind values laid out as libpq wants them: C buffers, lengths and per-parameter formats.
///
/// Numbers and text go in text format, which lets the server infer each parameter's type from the statement.
/// Blobs go in binary format (raw bytes, no escaping), which is how bytea must be sent to survive 0x00.
final class PostgresParameters {
    private(set) var buffers: [UnsafePointer<CChar>?] = []
    private(set) var lengths: [Int32] = []
    private(set) var formats: [Int32] = []
    private var allocations: [UnsafeMutableRawPointer] = []

    init(_ values: [SQLValue]) throws {
        for value in values { try append(value) }
    }

    deinit {
        for allocation in allocations { allocation.deallocate() }
    }

    var count: Int32 { Int32(buffers.count) }

    private func append(_ value: SQLValue) throws {
        switch value {
        case .null:
            buffers.append(nil)
            lengths.append(0)
            formats.append(0)
        case .integer(let integer):
            appendText(String(integer))
        case .real(let real):
            appendText(Self.text(for: real))
        case .text(let text):
            // libpq reads text parameters up to the first NUL, which would silently cut the value short.
            guard !text.utf8.contains(0) else {
                throw PHIGuardError(.invalidInput, "PostgreSQL text cannot hold NUL characters")
            }
            appendText(text)
        case .blob(let bytes):
            appendBytes(bytes, terminated: false)
            formats.append(1)
        }
    }

    private func appendText(_ text: String) {
        appendBytes(Array(text.utf8), terminated: true)
        formats.append(0)
    }

    private func appendBytes(_ bytes: [UInt8], terminated: Bool) {
        // Always at least one byte, so an empty blob gets a pointer (a NULL pointer means SQL NULL).
        let size = bytes.count + 1
        let memory = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 1)
        allocations.append(memory)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { memory.copyMemory(from: base, byteCount: bytes.count) }
        }
        memory.storeBytes(of: 0, toByteOffset: bytes.count, as: UInt8.self)
        buffers.append(UnsafePointer(memory.assumingMemoryBound(to: CChar.self)))
        lengths.append(Int32(terminated ? 0 : bytes.count))
    }

    /// PostgreSQL spells the special values differently from Swift's `description`.
    private static func text(for real: Double) -> String {
        if real.isNaN { return "NaN" }
        if real.isInfinite { return real < 0 ? "-Infinity" : "Infinity" }
        return "\(real)"
    }
}
