import Foundation

/// ISO 8601 / RFC 3339 timestamps in UTC, as written in logs, JSON answers and the ledger.
public enum ISO8601 {
    /// Formats a date as `2026-12-03T19:08:11.123Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// Parses an RFC 3339 date-time with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)) {
            return date
        }
        return try? Date(text, strategy: .iso8601)
    }
}
