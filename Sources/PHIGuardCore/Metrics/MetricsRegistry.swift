import Synchronization

/// Holds every counter, gauge and histogram of the process, and renders them for Prometheus.
///
/// Asking for a metric that exists returns the same instance, so callers may either keep the handle or look it up
/// on every use: a lookup is one lock and two hash probes. Label values must not carry PHI or ids: use bounded
/// values such as a route pattern, never a raw path.
public final class MetricsRegistry: Sendable {
    /// Prometheus's default buckets, in seconds, suited to request latencies.
    public static let defaultBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    let families = Mutex<[String: Family]>([:])

    /// Creates an empty registry.
    public init() {}

    /// The counter of this name and labels, created on first use.
    ///
    /// A name is one kind of metric for the life of the registry: asking for a counter under a gauge's name is a
    /// programming error and stops the process.
    public func counter(_ name: String, help: String, labels: [String: String] = [:]) -> Counter {
        let series = lookup(name, help: help, kind: .counter, labels: labels) { _ in .counter(Counter()) }
        guard case .counter(let counter) = series else { preconditionFailure("metric kind mismatch") }
        return counter
    }

    /// The gauge of this name and labels, created on first use.
    public func gauge(_ name: String, help: String, labels: [String: String] = [:]) -> Gauge {
        let series = lookup(name, help: help, kind: .gauge, labels: labels) { _ in .gauge(Gauge()) }
        guard case .gauge(let gauge) = series else { preconditionFailure("metric kind mismatch") }
        return gauge
    }

    /// The histogram of this name and labels, created on first use.
    ///
    /// Every series of one name shares the buckets given when the name was first registered.
    /// - Parameter buckets: upper bounds in ascending order, without `+Inf`.
    public func histogram(
        _ name: String,
        help: String,
        buckets: [Double] = MetricsRegistry.defaultBuckets,
        labels: [String: String] = [:]
    ) -> Histogram {
        let series = lookup(name, help: help, kind: .histogram(buckets), labels: labels) { kind in
            guard case .histogram(let bounds) = kind else { preconditionFailure("metric kind mismatch") }
            return .histogram(Histogram(upperBounds: bounds))
        }
        guard case .histogram(let histogram) = series else { preconditionFailure("metric kind mismatch") }
        return histogram
    }

    private func lookup(
        _ name: String,
        help: String,
        kind: Kind,
        labels: [String: String],
        make: (Kind) -> Series
    ) -> Series {
        families.withLock { families in
            if let series = families[name]?.series[labels] { return series }
            precondition(Self.isValidName(name, allowColon: true), "invalid metric name")
            precondition(labels.keys.allSatisfy { Self.isValidName($0, allowColon: false) }, "invalid label name")
            var family = families[name] ?? Family(help: help, kind: kind)
            precondition(family.kind.sameKind(as: kind), "metric kind mismatch")
            let series = make(family.kind)
            family.series[labels] = series
            families[name] = family
            return series
        }
    }

    /// Whether `name` matches `[a-zA-Z_:][a-zA-Z0-9_:]*` (colons only in metric names, not label names).
    static func isValidName(_ name: String, allowColon: Bool) -> Bool {
        guard let first = name.utf8.first else { return false }
        func isLetter(_ byte: UInt8) -> Bool {
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
                || (allowColon && byte == UInt8(ascii: ":"))
        }
        return isLetter(first) && name.utf8.allSatisfy { isLetter($0) || (0x30...0x39).contains($0) }
    }
}

extension MetricsRegistry {
    /// What a metric name stands for, with the buckets of a histogram.
    enum Kind: Sendable {
        case counter, gauge
        case histogram([Double])

        func sameKind(as other: Kind) -> Bool {
            switch (self, other) {
            case (.counter, .counter), (.gauge, .gauge), (.histogram, .histogram): true
            default: false
            }
        }

        var typeName: String {
            switch self {
            case .counter: "counter"
            case .gauge: "gauge"
            case .histogram: "histogram"
            }
        }
    }

    /// One metric handle.
    enum Series: Sendable {
        case counter(Counter)
        case gauge(Gauge)
        case histogram(Histogram)
    }

    /// Every series sharing a name.
    struct Family: Sendable {
        var help: String
        var kind: Kind
        var series: [[String: String]: Series] = [:]
    }
}
