import Foundation
import PHIGuardCore
import PHIGuardIdentity
import PHIGuardServer
import PHIGuardStore
import Testing

/// The whole server on the cluster store: a real PostgreSQL server created for this suite and stopped after.
@Suite("Server on PostgreSQL", .serialized)
struct PostgresServerTests {
    @Test("an instance created on PostgreSQL serves tokens and survives a restart")
    func instanceOnPostgres() async throws {
        let postgres = try PostgresTestServer()
        defer { postgres.stop() }
        let url = try postgres.createDatabase()
        let instance = try TestInstance(flags: ["--database": url])
        #expect(instance.application.context.store.dialect == .postgres)
        #expect(instance.application.bootstrapPassword != nil)

        let token = try instance.token([.statusRead])
        let answer = try await instance.send("GET", "/api/v1/status", headers: ["Authorization": "Bearer \(token)"])
        #expect(answer.status == 200)
        let health = try #require(try TestInstance.object(answer.body)["health"] as? [String: Any])
        #expect(health["store_backend"] as? String == "PostgreSQL")
        #expect(health["schema_version"] as? Int == Application.schemaVersion)

        // The ledger on PostgreSQL: recorded events are found through the block-keyed search indexes.
        let writer = try instance.token([.auditWrite, .auditRead])
        let event = #"""
            {"action": "view", "actor": {"user_id": "dr.grey", "role": "physician"}, "patient_id": "MRN-1001",
             "phi_category": "general", "purpose_of_use": "TREAT", "source_time": "2026-12-03T10:00:00.000Z"}
            """#
        let headers = ["Authorization": "Bearer \(writer)", "Content-Type": "application/json"]
        for _ in 0..<2 {
            let recorded = try await instance.send(
                "POST", "/api/v1/audit/events", body: Array(event.utf8), headers: headers)
            #expect(recorded.status == 201)
        }
        let found = try await instance.send("GET", "/api/v1/audit/events?patient=MRN-1001", headers: headers)
        #expect(found.status == 200)
        let entries = try #require(try TestInstance.object(found.body)["events"] as? [[String: Any]])
        #expect(entries.count == 2)

        let settings = try Settings.load(
            flags: ["--data": instance.directory.path + "/data", "--database": url], environment: [:])
        let again = try Application(settings: settings, logger: .disabled, passwordCost: .testing)
        defer { again.close() }
        #expect(again.bootstrapPassword == nil)
        #expect(again.context.instance.id == instance.application.context.instance.id)
        #expect(try again.context.tokens.list().count == 2)
    }
}
