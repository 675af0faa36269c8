import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardStore

/// Breach cases in the store, each encrypted whole.
public struct BreachCaseStore: Sendable {
    private let store: any Store
    private let keyring: Keyring
    /// The associated data every sealed case is bound to.
    private static let context = "compliance.breach_case"

    /// A store of cases sealed with `keyring`.
    public init(store: any Store, keyring: Keyring) {
        self.store = store
        self.keyring = keyring
    }

    /// Stores a new case.
    public func insert(_ breachCase: BreachCase) throws {
        let body = try seal(breachCase)
        let created = Int64(breachCase.createdAt.timeIntervalSince1970)
        try store.write { connection in
            try connection.execute(
                """
                INSERT INTO breach_cases (id, incident_id, revision, created_at, updated_at, body)
                VALUES (\(breachCase.id), \(breachCase.fields.incidentID), \(Int64(breachCase.revision)),
                        \(created), \(created), \(body))
                """)
        }
    }

    /// Replaces a case with its next revision.
    ///
    /// - Throws: `resource.conflict` when someone else changed it in between.
    public func update(_ breachCase: BreachCase, at time: Date) throws {
        let body = try seal(breachCase)
        let changed = try store.write { connection in
            try connection.execute(
                """
                UPDATE breach_cases SET incident_id = \(breachCase.fields.incidentID),
                    revision = \(Int64(breachCase.revision)), updated_at = \(Int64(time.timeIntervalSince1970)),
                    body = \(body)
                WHERE id = \(breachCase.id) AND revision = \(Int64(breachCase.revision - 1))
                """)
        }
        guard changed == 1 else { throw PHIGuardError(.conflict, "the breach case changed in the meantime") }
    }

    /// One case, or `nil`.
    public func breachCase(_ id: String) throws -> BreachCase? {
        let row = try store.read { try $0.first("SELECT body FROM breach_cases WHERE id = \(id)") }
        return try row.map { try open(try $0.bytes("body")) }
    }

    /// Every case, newest first.
    public func list() throws -> [BreachCase] {
        let rows = try store.read { try $0.query("SELECT body FROM breach_cases ORDER BY created_at DESC, id") }
        return try rows.map { try open(try $0.bytes("body")) }
    }

    private func seal(_ breachCase: BreachCase) throws -> [UInt8] {
        try keyring.encrypt(Array(try JSON.encoder().encode(breachCase)), context: Self.context)
    }

    private func open(_ sealed: [UInt8]) throws -> BreachCase {
        try JSON.decoder().decode(BreachCase.self, from: Data(try keyring.decrypt(sealed, context: Self.context)))
    }
}
