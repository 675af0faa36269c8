import Foundation
import PHIGuardCompliance
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardLedger

extension AuditAction {
    /// An incident was opened.
    static let incidentCreate = Self(rawValue: "incident.create")
    /// An incident changed: fields, status, tasks, acknowledgment.
    static let incidentUpdate = Self(rawValue: "incident.update")
    /// A breach case was opened.
    static let breachCreate = Self(rawValue: "breach.create")
    /// A breach case's facts or documentation changed.
    static let breachUpdate = Self(rawValue: "breach.update")
    /// A breach determination was signed.
    static let breachDetermine = Self(rawValue: "breach.determine")
    /// A breach notice was recorded as sent.
    static let breachNotice = Self(rawValue: "breach.notice")
}

extension LogKey {
    /// An incident's id.
    static let incidentID: LogKey = "incident.id"
    /// A breach case's id.
    static let breachCaseID: LogKey = "breach.id"
}

/// What incident and breach routes share: turning the compliance module's refusals into problems, and the
/// facility's date.
enum ComplianceRouting {
    /// Runs `body`, mapping a body that is not JSON to 400, refused fields to 422, and refused changes or concurrent edits to 409, each naming
    /// the field; nothing is stored or recorded when it throws.
    static func answering(_ body: () throws -> HTTPResponse) throws -> HTTPResponse {
        do {
            return try body()
        } catch let error as ComplianceInputError where error.isMalformed {
            throw Problem.badRequest("The body is not valid JSON; nothing was changed.")
        } catch let error as ComplianceInputError {
            throw Problem.unprocessable(
                "The request has invalid fields; nothing was changed.",
                errors: error.problems)
        } catch let refused as ChangeRefused {
            var problem = Problem.conflict("The change conflicts with the current state; nothing was changed.")
            problem.errors = [.init(pointer: refused.pointer, detail: refused.detail)]
            throw problem
        } catch let error as PHIGuardError where error.code == .conflict {
            throw Problem.conflict("Someone else changed this in the meantime; reload and try again.")
        }
    }

    /// Today's date where the facility is.
    static func today(_ context: ServerContext) -> CalendarDate {
        CalendarDate(context.clock.now(), in: context.settings.facilityTimeZone)
    }
}
