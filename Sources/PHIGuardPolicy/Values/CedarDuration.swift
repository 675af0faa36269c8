/// A Cedar `duration`: a signed number of milliseconds, written like `-1d2h3m4s5ms`.
public struct CedarDuration: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The length in milliseconds.
    public var milliseconds: Int64

    private static let units: [(suffix: String, factor: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    /// Creates a duration from milliseconds.
    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Parses the Cedar duration syntax; nil when malformed or out of range.
    public init?(parsing text: String) {
        var scalars = Array(text.unicodeScalars)[...]
        let negative = scalars.first == "-"
        if negative { scalars = scalars.dropFirst() }
        var total: Int64 = 0
        var nextUnit = 0
        var sawUnit = false
        while !scalars.isEmpty {
            guard let (amount, unit) = Self.component(&scalars, from: nextUnit) else { return nil }
            let (scaled, overflow1) = amount.multipliedReportingOverflow(by: Self.units[unit].factor)
            let (sum, overflow2) =
                negative ? total.subtractingReportingOverflow(scaled) : total.addingReportingOverflow(scaled)
            if overflow1 || overflow2 { return nil }
            total = sum
            nextUnit = unit + 1
            sawUnit = true
        }
        guard sawUnit else { return nil }
        milliseconds = total
    }

    /// Reads `digits unit` where the unit is at or after `from` in the fixed order d, h, m, s, ms.
    private static func component(_ scalars: inout ArraySlice<Unicode.Scalar>, from: Int) -> (Int64, Int)? {
        var digits = ""
        while let scalar = scalars.first, scalar >= "0" && scalar <= "9" {
            digits.unicodeScalars.append(scalar)
            scalars = scalars.dropFirst()
        }
        guard !digits.isEmpty, let amount = Int64(digits) else { return nil }
        var suffix = ""
        while let scalar = scalars.first, scalar == "d" || scalar == "h" || scalar == "m" || scalar == "s" {
            suffix.unicodeScalars.append(scalar)
            scalars = scalars.dropFirst()
        }
        guard let unit = units.firstIndex(where: { $0.suffix == suffix }), unit >= from else { return nil }
        return (amount, unit)
    }

    public var description: String { "\(milliseconds)ms" }

    public static func < (lhs: CedarDuration, rhs: CedarDuration) -> Bool { lhs.milliseconds < rhs.milliseconds }
}
