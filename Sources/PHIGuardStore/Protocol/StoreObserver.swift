/// Receives the duration of every `read` and `write` block, for example to feed a latency histogram.
///
/// - Parameters:
///   - operation: `"read"` or `"write"`.
///   - seconds: Wall time the block took, including waiting for a connection and committing.
public typealias StoreObserver = @Sendable (_ operation: String, _ seconds: Double) -> Void
