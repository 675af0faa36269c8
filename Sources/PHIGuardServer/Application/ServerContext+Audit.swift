import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardHTTP
import PHIGuardIdentity
import PHIGuardLedger

extension ServerContext {
    /// Records events, turning a ledger that cannot write into a 503 problem: requests that need the audit
    /// trail fail closed, and within the writer's deadline.
    func recordInLedger(_ events: [AuditEvent]) throws -> [LedgerReceipt] {
        do {
            return try ledger.record(events)
        } catch let error as PHIGuardError where error.code == .ledgerUnavailable {
            throw Problem.unavailable(
                "The audit ledger cannot record right now, so the request was refused. Retry later.")
        }
    }

    /// Records an administrative event (token, sign-in, password, configuration, key operations).
    ///
    /// - Parameters:
    ///   - actor: the user or token that acted.
    ///   - resource: what was acted on.
    public func recordAdministrative(
        _ action: AuditAction, eventClass: AuditEventClass, actor: String, role: String? = nil,
        resource: AuditEvent.Resource? = nil, outcome: AuditEvent.Outcome = .success, request: HTTPRequest? = nil,
        details: [String: String] = [:]
    ) throws {
        var details = details
        if let request { details["request_id"] = request.requestID }
        let event = try AuditEvent(
            id: Identifier.random(), eventClass: eventClass, action: action,
            actor: AuditEvent.Actor(userID: actor, role: role), resource: resource, outcome: outcome,
            purposeOfUse: .systemAdministration, sourceAddress: request?.remoteAddress,
            receivedTime: try AuditTime(Date()), details: details)
        _ = try recordInLedger([event])
    }

    /// A keyed hash of a typed username, so failed sign-ins can be correlated without storing what was typed.
    func ledgerNameIndex(_ name: String) -> String {
        instance.keyring.blindIndex(name, context: "ledger.signin_username").hex
    }

    /// Signs a checkpoint of the current tree when it grew.
    @discardableResult
    func publishCheckpoint() throws -> String? {
        do {
            return try ledger.publishCheckpoint()
        } catch let error as PHIGuardError where error.code == .checkpointInvalid {
            throw Problem(
                status: 500, title: "Ledger Inconsistent",
                detail:
                    "The ledger no longer matches its last signed checkpoint; signing is halted. Run phiguard ledger verify."
            )
        }
    }
}
