extension MetricsRegistry {
    /// The MIME type of `render()`'s output, for the `Content-Type` of a `/metrics` answer.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Every metric in the Prometheus text exposition format 0.0.4, sorted by name then labels for stable output.
    public func render() -> String {
        let snapshot = families.withLock { $0 }
        var out = ""
        for name in snapshot.keys.sorted() {
            guard let family = snapshot[name] else { continue }
            out += "# HELP \(name) \(Self.escapeHelp(family.help))\n"
            out += "# TYPE \(name) \(family.kind.typeName)\n"
            let rows = family.series.map { (labels: $0.key, series: $0.value) }
                .sorted { Self.labelText($0.labels) < Self.labelText($1.labels) }
            for row in rows {
                Self.render(name: name, labels: row.labels, series: row.series, into: &out)
            }
        }
        return out
    }

    private static func render(name: String, labels: [String: String], series: Series, into out: inout String) {
        switch series {
        case .counter(let counter):
            out += "\(name)\(labelText(labels)) \(counter.value)\n"
        case .gauge(let gauge):
            out += "\(name)\(labelText(labels)) \(formatValue(gauge.value))\n"
        case .histogram(let histogram):
            let reading = histogram.snapshot
            var cumulative: UInt64 = 0
            for (index, count) in reading.bucketCounts.enumerated() {
                cumulative += count
                let bound = index < histogram.upperBounds.count ? formatValue(histogram.upperBounds[index]) : "+Inf"
                out += "\(name)_bucket\(labelText(labels, extra: ("le", bound))) \(cumulative)\n"
            }
            out += "\(name)_sum\(labelText(labels)) \(formatValue(reading.sum))\n"
            out += "\(name)_count\(labelText(labels)) \(reading.count)\n"
        }
    }

    /// `{a="1",b="2"}` with names sorted and values escaped, or nothing when there are no labels.
    static func labelText(_ labels: [String: String], extra: (String, String)? = nil) -> String {
        var pairs = labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let extra { pairs.append(extra) }
        guard !pairs.isEmpty else { return "" }
        return "{" + pairs.map { "\($0.0)=\"\(escapeLabelValue($0.1))\"" }.joined(separator: ",") + "}"
    }

    /// Escapes a label value: backslash, double quote and line feed, as the format requires.
    static func escapeLabelValue(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// Escapes HELP text: backslash and line feed only.
    static func escapeHelp(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// A sample value as Prometheus reads it: integers without a fraction, `+Inf`, `-Inf` and `NaN` spelled out.
    static func formatValue(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
