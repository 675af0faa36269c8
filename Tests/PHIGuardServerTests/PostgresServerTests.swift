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

        let settings = try Settings.load(
            flags: ["--data": instance.directory.path + "/data", "--database": url], environment: [:])
        let again = try Application(settings: settings, logger: .disabled, passwordCost: .testing)
        defer { again.close() }
        #expect(again.bootstrapPassword == nil)
        #expect(again.context.instance.id == instance.application.context.instance.id)
        #expect(try again.context.tokens.list().count == 1)
    }
}
