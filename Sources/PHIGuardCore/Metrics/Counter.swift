import Synchronization

/// A value that only goes up, such as the number of requests answered.
public final class Counter: Sendable {
    private let count = Atomic<UInt64>(0)

    init() {}

    /// Adds `amount` (one by default).
    public func increment(by amount: UInt64 = 1) {
        count.wrappingAdd(amount, ordering: .relaxed)
    }

    /// The current total.
    public var value: UInt64 { count.load(ordering: .relaxed) }
}
