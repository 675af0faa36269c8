import Foundation
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardIdentity
import PHIGuardLedger

/// FHIR R4 AuditEvent intake (IHE BALP), mapped to the canonical event: one resource or a Bundle.
struct FHIRRoutes {
    let context: ServerContext

    func register(on router: Router) {
        router.post(
            "/fhir/R4/AuditEvent", summary: "Record a FHIR R4 AuditEvent, or a Bundle of them", tag: "audit"
        ) { request in
            _ = try context.authenticate(request, scope: .auditWrite)
            let events: [AuditEvent]
            do {
                events = try FHIRAuditEventMapper.events(
                    from: request.body, receivedTime: try AuditTime(Date()), makeID: { _ in Identifier.random() })
            } catch let error as FHIRMappingError {
                throw Problem.unprocessable(
                    "The AuditEvent cannot be recorded; nothing was recorded.", errors: error.issues)
            }
            guard (1...AuditRoutes.maxBatch).contains(events.count) else {
                throw Problem.unprocessable("A Bundle holds 1 to \(AuditRoutes.maxBatch) AuditEvents.")
            }
            let receipts = try context.recordInLedger(events)
            var response = try HTTPResponse.json(["receipts": receipts], status: 201)
            if receipts.count == 1 { response.headers.set("Location", "/api/v1/ledger/entries/\(receipts[0].index)") }
            return response
        }
    }
}
