import Foundation

/// The log of breaches affecting fewer than 500 people, reported to HHS once a year (164.408(c)).
///
/// A case belongs to the log of year Y when it is a reportable breach of fewer than 500 people whose HHS
/// deadline is 60 days after December 31 of Y, that is, when the covered entity's clocks started in Y.
public enum AnnualBreachLog {
    /// The CSV header.
    public static let columns = [
        "case_id", "discovered_on", "breach_date", "individuals_affected", "states", "phi_types", "hhs_due",
        "individuals_notified_on", "substitute_notice", "what_happened",
    ]

    /// The cases of a year's log, ordered by discovery date and then id.
    public static func cases(_ all: [BreachCase], year: Int) -> [BreachCase] {
        all.filter { breachCase in
            let plan = breachCase.plan()
            guard plan.isReportableBreach, plan.totalAffected < BreachClock.immediateHHSThreshold,
                let start = BreachClock().coveredEntityStart(breachCase.fields.clockInput)
            else { return false }
            return start.year == year
        }.sorted { ($0.fields.discoveredOn, $0.id) < ($1.fields.discoveredOn, $1.id) }
    }

    /// The year's log as CSV (RFC 4180, CRLF line ends).
    public static func csv(_ all: [BreachCase], year: Int) -> String {
        var lines = [columns.joined(separator: ",")]
        for breachCase in cases(all, year: year) {
            let plan = breachCase.plan()
            let fields = breachCase.fields
            let row: [String] = [
                breachCase.id, fields.discoveredOn.description,
                fields.noticeContent?.breachDate?.description ?? "", String(plan.totalAffected),
                fields.affectedByState.filter { $0.value > 0 }.keys.sorted().joined(separator: " "),
                fields.noticeContent?.phiTypes.joined(separator: "; ") ?? "",
                plan.notifications.first { $0.recipient == .hhs }?.due?.description ?? "",
                breachCase.notices.last { $0.key == "individuals" }?.sentOn.description ?? "",
                plan.substituteNotice?.rawValue ?? "", fields.noticeContent?.whatHappened ?? "",
            ]
            lines.append(row.map(cell).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A CSV cell: quoted when it holds a comma, quote or line break, and kept from being read as a formula
    /// by a spreadsheet when it starts with `=`, `+`, `-` or `@`.
    static func cell(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
