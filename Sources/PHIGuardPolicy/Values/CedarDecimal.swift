/// A Cedar `decimal`: a fixed-point number with four digits after the point, held as a scaled `Int64`.
public struct CedarDecimal: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The value times 10 000.
    public var scaled: Int64

    private static let scale: Int64 = 10_000

    /// Creates a decimal from its scaled representation.
    public init(scaled: Int64) {
        self.scaled = scaled
    }

    /// Parses `-?digits.digits` with one to four fractional digits; nil when malformed or out of range.
    public init?(parsing text: String) {
        var scalars = Array(text.unicodeScalars)[...]
        let negative = scalars.first == "-"
        if negative { scalars = scalars.dropFirst() }
        guard let dot = scalars.firstIndex(of: ".") else { return nil }
        let whole = scalars[..<dot]
        let fraction = scalars[(dot + 1)...]
        guard !whole.isEmpty, (1...4).contains(fraction.count), Self.allDigits(whole), Self.allDigits(fraction)
        else { return nil }
        guard let value = Self.accumulate(whole, fraction, negative: negative) else { return nil }
        scaled = value
    }

    private static func allDigits(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        scalars.allSatisfy { $0 >= "0" && $0 <= "9" }
    }

    /// Accumulates in the sign of the result so the most negative value is reachable.
    private static func accumulate(
        _ whole: ArraySlice<Unicode.Scalar>,
        _ fraction: ArraySlice<Unicode.Scalar>,
        negative: Bool
    ) -> Int64? {
        var digits = Array(whole) + Array(fraction)
        digits += Array(repeating: "0", count: 4 - fraction.count)
        var value: Int64 = 0
        for digit in digits {
            let amount = Int64(digit.value - 48)
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) =
                negative ? times.subtractingReportingOverflow(amount) : times.addingReportingOverflow(amount)
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return value
    }

    public var description: String {
        let sign = scaled < 0 ? "-" : ""
        let magnitude = scaled.magnitude
        let fraction = String(magnitude % UInt64(Self.scale))
        let padded = String(repeating: "0", count: 4 - fraction.count) + fraction
        return "\(sign)\(magnitude / UInt64(Self.scale)).\(padded)"
    }

    public static func < (lhs: CedarDecimal, rhs: CedarDecimal) -> Bool { lhs.scaled < rhs.scaled }
}
