import Foundation
import Synchronization

/// One printed result: the figure, the peer measured in the same run, their ratio and the goal, if any.
struct BenchLine {
    enum Goal {
        case none
        /// The figure must be at least this.
        case atLeast(Double)
        /// The figure must be at most this.
        case atMost(Double)
        /// The figure must be at least this many times the peer's.
        case ratioAtLeast(Double)
    }

    var key: String
    var label: String
    var value: Double
    var unit: String
    var peerLabel: String
    var peerValue: Double
    var goal: Goal = .none

    var ratio: Double { peerValue > 0 ? value / peerValue : 0 }

    var verdict: String {
        switch goal {
        case .none: return ""
        case .atLeast(let target):
            return value >= target ? "goal >= \(format(target)) met" : "below goal (>= \(format(target)))"
        case .atMost(let target):
            return value <= target ? "goal <= \(format(target)) met" : "below goal (<= \(format(target)))"
        case .ratioAtLeast(let target):
            return ratio >= target ? "goal >= x\(format(target)) met" : "below goal (>= x\(format(target)))"
        }
    }

    /// Two lines: the figure with its ratio and verdict, then the peer indented under it.
    var rendered: String {
        let figure = "\(format(value)) \(unit)"
        let peer = "\(format(peerValue)) \(unit)"
        return pad(label, 54) + pad(figure, 20, right: true) + pad(String(format: "x%.3f", ratio), 10, right: true)
            + "  " + verdict + "\n" + pad("    peer: " + peerLabel, 54) + pad(peer, 20, right: true)
    }
}

/// Collects lines as they are measured, prints them at once and at the end as a summary.
final class BenchReport: Sendable {
    private let lines = Mutex<[BenchLine]>([])

    func add(_ line: BenchLine) {
        lines.withLock { $0.append(line) }
        emit(line.rendered)
    }

    /// A progress note, to standard error so the figures stay easy to read.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data(("  .. " + text + "\n").utf8))
    }

    func printSummary() {
        let all = lines.withLock { $0 }
        emit("\n" + pad("summary: figure", 54) + pad("value", 20, right: true) + pad("x peer", 10, right: true))
        for line in all { emit(line.rendered) }
    }

    /// Writes `key value peer` lines for scripts (run.sh reads the in-process figure the HTTP one is set beside).
    func write(to path: String) throws {
        let text = lines.withLock { lines in
            lines.map { "\($0.key) \(String(format: "%.3f", $0.value)) \(String(format: "%.3f", $0.peerValue))" }
        }
        try (text.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}

/// Writes a line to standard output unbuffered, so progress shows when the output is piped.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// A number with thousands separators, or three significant decimals below 100.
func format(_ value: Double) -> String {
    if abs(value) >= 100 {
        let digits = String(Int64(value.rounded()))
        var out = ""
        for (offset, character) in digits.reversed().enumerated() {
            if offset > 0, offset % 3 == 0, character != "-" { out.append(",") }
            out.append(character)
        }
        return String(out.reversed())
    }
    return String(format: "%.3g", value)
}

func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return right ? padding + text : text + padding
}
