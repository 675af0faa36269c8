import Foundation
import PHIGuardCrypto
import PHIGuardLedger
import PHIGuardStore
import Synchronization
import Testing

/// Entries kept in memory, made from events, for forwarder and mapping tests.
final class MemoryEntrySource: LedgerEntrySource {
    private let stored: Mutex<[LedgerEntry]>

    init(_ events: [AuditEvent]) {
        stored = Mutex(
            events.enumerated().map { LedgerEntry(index: $0.offset, leafHash: $0.element.leafHash, event: $0.element) })
    }

    var size: Int { stored.withLock { $0.count } }

    func entries(from index: Int, limit: Int) throws -> [LedgerEntry] {
        stored.withLock { entries in Array(entries[min(index, entries.count)..<min(index + limit, entries.count)]) }
    }

    func append(_ event: AuditEvent) {
        stored.withLock { $0.append(LedgerEntry(index: $0.count, leafHash: event.leafHash, event: event)) }
    }
}

enum ExportFixtures {
    static var received: AuditTime { get throws { try AuditTime(text: "2026-12-03T19:08:11.123Z") } }

    /// A PHI access event for `action`, with every field the mappings look at.
    static func phiEvent(_ action: AuditAction, id: String = "evt-1", succeeded: Bool = true) throws -> AuditEvent {
        try AuditEvent(
            id: id, eventClass: .phiAccess, action: action, actor: .init(userID: "u-42", role: "physician"),
            patientID: "p-9", phiCategory: "mental-health", resource: .init(type: "Observation", id: "obs-3"),
            outcome: succeeded ? .success : .failure("policy denied"), purposeOfUse: .treatment,
            sourceAddress: "10.0.0.8", facility: "north", sourceTime: AuditTime(text: "2026-12-03T19:08:11.120Z"),
            receivedTime: try received)
    }

    /// One event of each kind the exports classify differently.
    static func allKinds() throws -> [AuditEvent] {
        let phi = try [AuditAction.create, .view, .update, .delete, .query, .export, .print].enumerated().map {
            try phiEvent($0.element, id: "evt-\($0.offset)")
        }
        var btg = try phiEvent(.view, id: "evt-btg")
        btg.purposeOfUse = .breakTheGlass
        btg.breakTheGlassJustification = "patient unconscious in ED"
        let admin = try [
            (AuditEventClass.authentication, AuditAction.signinSuccess, true),
            (.authentication, .signinFailure, false), (.accountManagement, .privilegeChange, true),
            (.accountManagement, .accountLock, true), (.administration, .configChange, true),
            (.administration, .tokenCreate, true), (.administration, .tokenRevoke, true),
            (.administration, .policyActivate, true),
        ].enumerated().map { offset, kind in
            try AuditEvent(
                id: "adm-\(offset)", eventClass: kind.0, action: kind.1, actor: .init(userID: "admin-1"),
                outcome: kind.2 ? .success : .failure("bad password"), sourceAddress: "192.0.2.7",
                receivedTime: try received)
        }
        return phi + [btg] + admin
    }

    static func entries() throws -> [LedgerEntry] {
        try allKinds().enumerated().map {
            LedgerEntry(index: $0.offset, leafHash: $0.element.leafHash, event: $0.element)
        }
    }

    /// A fresh SQLite store with the ledger schema.
    static func store() throws -> SQLiteStore {
        let store = try SQLiteStore.temporary()
        try Migrator.apply(
            [Migration(version: 1, name: "ledger", statements: LedgerSchema.standalone)], to: store, logger: .disabled)
        return store
    }

    /// A fresh temporary directory.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func json(_ bytes: [UInt8]?) throws -> [String: Any] {
        let bytes = try #require(bytes)
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }
}
