import Synchronization

/// Counts observations (durations, sizes) into cumulative buckets, with their sum and count.
public final class Histogram: Sendable {
    /// The upper bounds of the buckets, ascending; `+Inf` is implied.
    public let upperBounds: [Double]
    private let state: Mutex<Snapshot>

    /// A consistent reading of a histogram.
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
        state = Mutex(Snapshot(bucketCounts: Array(repeating: 0, count: upperBounds.count + 1), sum: 0, count: 0))
    }

    /// Records one value.
    public func observe(_ value: Double) {
        let index = upperBounds.firstIndex { value <= $0 } ?? upperBounds.count
        state.withLock { state in
            state.bucketCounts[index] += 1
            state.sum += value
            state.count += 1
        }
    }

    /// Records the seconds elapsed in a `Duration`.
    public func observe(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        observe(Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// The current counts, read under the lock so buckets, sum and count agree.
    public var snapshot: Snapshot { state.withLock { $0 } }
}
