import Synchronization

/// Counts observations (durations, sizes) into cumulative buckets, with their sum and count.
///
/// Observing takes no lock: every request observes its duration, and a lock here had request threads queue
/// behind one another whenever the holder was descheduled. Each bucket and the sum are separate atomics, so a
/// reading taken while observations land may count one in its bucket before its value reaches the sum; the
/// count is always the total of the buckets read.
public final class Histogram: Sendable {
    /// The upper bounds of the buckets, ascending; `+Inf` is implied.
    public let upperBounds: [Double]
    /// One counter per bucket, the last for values above every bound.
    private let buckets: AtomicCounters
    /// The sum of every observed value, added lock-free as a gauge adds.
    private let sum = Gauge()

    /// A reading of a histogram.
    public struct Snapshot: Sendable, Equatable {
        /// Observations per bucket, not cumulative; the last entry counts those above every bound.
        public var bucketCounts: [UInt64]
        /// The sum of every observed value.
        public var sum: Double
        /// The number of observations.
        public var count: UInt64
    }

    init(upperBounds: [Double]) {
        self.upperBounds = upperBounds
        buckets = AtomicCounters(count: upperBounds.count + 1)
    }

    /// Records one value.
    public func observe(_ value: Double) {
        let index = upperBounds.firstIndex { value <= $0 } ?? upperBounds.count
        buckets.increment(index)
        sum.add(value)
    }

    /// Records the seconds elapsed in a `Duration`.
    public func observe(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        observe(Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// The current counts; `count` is the total of `bucketCounts`.
    public var snapshot: Snapshot {
        let counts = (0..<buckets.count).map { buckets.value($0) }
        return Snapshot(
            bucketCounts: counts, sum: sum.value, count: counts.reduce(0, &+))
    }
}

/// A fixed number of counters, each updated atomically on its own.
private final class AtomicCounters: @unchecked Sendable {
    let count: Int
    /// Initialized at `init` and never moved or reassigned; every access is atomic.
    private let storage: UnsafeMutablePointer<Atomic<UInt64>>

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        for index in 0..<count { (storage + index).initialize(to: Atomic(0)) }
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func increment(_ index: Int) {
        precondition(index >= 0 && index < count, "no such counter")
        storage[index].wrappingAdd(1, ordering: .relaxed)
    }

    func value(_ index: Int) -> UInt64 {
        precondition(index >= 0 && index < count, "no such counter")
        return storage[index].load(ordering: .relaxed)
    }
}
