import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardStore

/// Incidents in the store, each encrypted whole.
public struct IncidentStore: Sendable {
    private let store: any Store
    private let keyring: Keyring
    /// The associated data every sealed incident is bound to.
    private static let context = "compliance.incident"

    /// A store of incidents sealed with `keyring`.
    public init(store: any Store, keyring: Keyring) {
        self.store = store
        self.keyring = keyring
    }

    /// Stores a new incident.
    public func insert(_ incident: Incident) throws {
        let body = try seal(incident)
        let opened = Int64(incident.openedAt.timeIntervalSince1970)
        try store.write { connection in
            try connection.execute(
                """
                INSERT INTO incidents (id, severity, status, revision, opened_at, updated_at, body)
                VALUES (\(incident.id), \(incident.severity.rawValue), \(incident.status.rawValue),
                        \(Int64(incident.revision)), \(opened), \(opened), \(body))
                """)
        }
    }

    /// Replaces an incident with its next revision.
    ///
    /// - Throws: `resource.conflict` when the stored revision is not the one before `incident`'s, which means
    ///   someone else changed it in between.
    public func update(_ incident: Incident, at time: Date) throws {
        let body = try seal(incident)
        let changed = try store.write { connection in
            try connection.execute(
                """
                UPDATE incidents SET severity = \(incident.severity.rawValue), status = \(incident.status.rawValue),
                    revision = \(Int64(incident.revision)), updated_at = \(Int64(time.timeIntervalSince1970)),
                    body = \(body)
                WHERE id = \(incident.id) AND revision = \(Int64(incident.revision - 1))
                """)
        }
        guard changed == 1 else { throw PHIGuardError(.conflict, "the incident changed in the meantime") }
    }

    /// One incident, or `nil`.
    public func incident(_ id: String) throws -> Incident? {
        let row = try store.read { try $0.first("SELECT body FROM incidents WHERE id = \(id)") }
        return try row.map { try open(try $0.bytes("body")) }
    }

    /// Every incident, newest first.
    public func list() throws -> [Incident] {
        let rows = try store.read { try $0.query("SELECT body FROM incidents ORDER BY opened_at DESC, id") }
        return try rows.map { try open(try $0.bytes("body")) }
    }

    private func seal(_ incident: Incident) throws -> [UInt8] {
        try keyring.encrypt(Array(try JSON.encoder().encode(incident)), context: Self.context)
    }

    private func open(_ sealed: [UInt8]) throws -> Incident {
        try JSON.decoder().decode(Incident.self, from: Data(try keyring.decrypt(sealed, context: Self.context)))
    }
}
