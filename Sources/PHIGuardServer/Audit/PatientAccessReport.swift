import PHIGuardLedger

/// The patient access report (a patient's right to know who looked at their record): one row per access.
enum PatientAccessReport {
    struct Row: Encodable {
        let index: Int
        let time: String
        let userID: String
        let role: String?
        let action: String
        let category: String?
        let purposeOfUse: String?
        let outcome: String
        let breakTheGlass: Bool
        let facility: String?

        enum CodingKeys: String, CodingKey {
            case index, time, role, action, category, outcome, facility
            case userID = "user_id"
            case purposeOfUse = "purpose_of_use"
            case breakTheGlass = "break_the_glass"
        }
    }

    static func rows(ledger: AuditLedger, patientID: String, limit: Int) throws -> [Row] {
        var rows: [Row] = []
        var cursor: Int?
        repeat {
            let page = try ledger.search(AuditQuery(patientID: patientID, cursor: cursor, limit: 1000))
            for entry in page.entries {
                guard let event = entry.event else { continue }
                rows.append(
                    Row(
                        index: entry.index, time: (event.sourceTime ?? event.receivedTime).text,
                        userID: event.actor.userID, role: event.actor.role, action: event.action.rawValue,
                        category: event.phiCategory, purposeOfUse: event.purposeOfUse?.rawValue,
                        outcome: event.outcome.succeeded ? "success" : "failure",
                        breakTheGlass: event.isBreakTheGlass, facility: event.facility))
            }
            cursor = page.nextCursor
        } while cursor != nil && rows.count < limit
        return rows
    }

    /// RFC 4180 CSV with a header line; fields that could start a spreadsheet formula are prefixed with `'`.
    static func csv(_ rows: [Row]) -> String {
        var lines = ["index,time,user_id,role,action,category,purpose_of_use,outcome,break_the_glass,facility"]
        for row in rows {
            let fields = [
                String(row.index), row.time, row.userID, row.role ?? "", row.action, row.category ?? "",
                row.purposeOfUse ?? "", row.outcome, row.breakTheGlass ? "true" : "false", row.facility ?? "",
            ]
            lines.append(fields.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private static func field(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The JSON answer of the access report.
enum ReportValue: Encodable {
    case string(String)
    case rows([PatientAccessReport.Row])

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .rows(let rows): try container.encode(rows)
        }
    }
}
