import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardLedger

/// Realistic PHI access events: a clinician viewing one category of a patient's PHI for treatment, with a source
/// time a few milliseconds before receipt. Users, patients and categories vary so blind indexes vary too.
enum BenchEvents {
    static let roles = ["physician", "nurse", "pharmacist", "scribe"]
    static let categories = ["general", "demographics", "medications", "laboratory", "mental-health"]

    /// Event number `number` of caller `caller`.
    static func event(caller: Int, number: Int) throws -> AuditEvent {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let user = (caller &* 7919 &+ number) % 5000
        let patient = (caller &* 104_729 &+ number &* 31) % 200_000
        return try AuditEvent(
            id: Identifier.random(), eventClass: .phiAccess, action: .view,
            actor: AuditEvent.Actor(userID: "user-\(user)", role: roles[user % roles.count]),
            patientID: "MRN-\(1_000_000 + patient)", phiCategory: categories[number % categories.count],
            outcome: .success, purposeOfUse: .treatment, sourceAddress: "10.20.\(caller % 250).\(user % 250)",
            sourceTime: try AuditTime(millisecondsSince1970: now - 40),
            receivedTime: try AuditTime(millisecondsSince1970: now))
    }

    /// `count` events of one caller, numbered from `first`.
    static func batch(caller: Int, first: Int, count: Int) throws -> [AuditEvent] {
        try (first..<(first + count)).map { try event(caller: caller, number: $0) }
    }

    /// Fresh keys, as `phiguard init` makes them.
    static func keyring() throws -> Keyring {
        let kek = KeyEncryptionKey.generate()
        return try Keyring(kek: kek, wrappedKeys: [try Keyring.generateKey(kek: kek)])
    }
}
