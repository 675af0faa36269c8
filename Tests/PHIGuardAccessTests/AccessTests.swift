import Dispatch
import Foundation
import PHIGuardAccess
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardPolicy
import PHIGuardStore
import Testing

/// Access control on a fresh SQLite store: the pack installed, a small directory, a decider.
struct AccessFixture {
    let store: SQLiteStore
    let keyring: Keyring
    let library: PolicyLibrary
    let directory: EntityDirectory
    let decider: AccessDecider
    let log: DecisionLog

    /// Every access migration in order, as one.
    static let schema = AccessSchema.version1 + AccessSchema.version2 + AccessSchema.version3SQLite

    init(schema: [String] = Self.schema) throws {
        store = try SQLiteStore.temporary()
        try Migrator.apply([Migration(version: 1, name: "access", statements: schema)], to: store, logger: .disabled)
        let kek = KeyEncryptionKey.generate()
        keyring = try Keyring(kek: kek, wrappedKeys: [try Keyring.generateKey(kek: kek)])
        library = PolicyLibrary(store: store)
        try library.installDefaultIfEmpty(createdBy: "test")
        directory = EntityDirectory(store: store, keyring: keyring)
        decider = AccessDecider(directory: directory, settings: AccessSettings(remoteMfaMaxMinutes: 60))
        log = DecisionLog(store: store, keyring: keyring)
        try directory.upsert(json: Data(Self.entities.utf8), schema: try library.current().schema)
    }

    static let entities = """
        [
          {"uid": {"type": "PHIGuard::User", "id": "dr.grey"},
           "attrs": {"department": "medicine", "facility": {"__entity": {"type": "PHIGuard::Facility", "id": "main"}},
                     "employmentStatus": "active"},
           "parents": [{"type": "PHIGuard::Role", "id": "physician"}]},
          {"uid": {"type": "PHIGuard::User", "id": "clerk"},
           "attrs": {"department": "registration", "facility": {"__entity": {"type": "PHIGuard::Facility", "id": "main"}},
                     "employmentStatus": "active"},
           "parents": [{"type": "PHIGuard::Role", "id": "front_desk"}]},
          {"uid": {"type": "PHIGuard::Patient", "id": "p-1"},
           "attrs": {"restricted": [], "careTeam": [{"__entity": {"type": "PHIGuard::User", "id": "dr.grey"}}],
                     "facility": {"__entity": {"type": "PHIGuard::Facility", "id": "main"}}, "deceased": false}},
          {"uid": {"type": "PHIGuard::Patient", "id": "vip"},
           "attrs": {"restricted": ["CEL"], "careTeam": [],
                     "facility": {"__entity": {"type": "PHIGuard::Facility", "id": "main"}}, "deceased": false}},
          {"uid": {"type": "PHIGuard::Record", "id": "note-7"},
           "attrs": {"patient": {"__entity": {"type": "PHIGuard::Patient", "id": "p-1"}}, "category": "mental_health",
                     "author": {"__entity": {"type": "PHIGuard::User", "id": "dr.grey"}}}},
          {"uid": {"type": "PHIGuard::Device", "id": "ws-1"}, "attrs": {"managed": true, "compliant": true}},
          {"uid": {"type": "PHIGuard::Device", "id": "kiosk"}, "attrs": {"managed": true, "compliant": false}}
        ]
        """

    func ask(_ json: String) throws -> AccessDecision {
        let request = try AccessRequest(json: try JSONValue.parse(Array(json.utf8)))
        return try decider.decide(request, with: try library.current())
    }
}

@Suite("Access decisions")
struct AccessTests {
    @Test("the pack is installed once as version 1 and is active")
    func packInstalled() throws {
        let fixture = try AccessFixture()
        #expect(try fixture.library.activeVersionNumber() == 1)
        #expect(try fixture.library.installDefaultIfEmpty(createdBy: "again") == nil)
        #expect(try fixture.library.list().count == 1)
    }

    @Test("a decision fills users, roles, care teams and the device posture from the directory")
    func decidesFromDirectory() throws {
        let fixture = try AccessFixture()
        let allowed = try fixture.ask(
            #"{"user": "dr.grey", "action": "view", "record": "note-7", "device": "ws-1", "context": {"network": "internal", "mfaAgeMinutes": 5, "purposeOfUse": "TREAT", "hour": 10}}"#
        )
        #expect(allowed.decision == .allow)
        #expect(allowed.policies == ["physician-treatment"])
        #expect(allowed.patientID == "p-1")
        #expect(allowed.category == "mental_health")
        #expect(allowed.reasons.count == 1)

        let kiosk = try fixture.ask(
            #"{"user": "dr.grey", "action": "view", "record": "note-7", "device": "kiosk", "context": {"network": "internal", "mfaAgeMinutes": 5, "purposeOfUse": "TREAT", "hour": 10}}"#
        )
        #expect(kiosk.decision == .deny)
        #expect(kiosk.policies == ["sensitive-categories-need-compliant-device"])
    }

    @Test("a patient and category stand for a record; restricted patients need break-the-glass")
    func patientAndCategory() throws {
        let fixture = try AccessFixture()
        let base = #""user": "dr.grey", "action": "view", "patient": "vip", "category": "general""#
        let denied = try fixture.ask(
            "{\(base), \"context\": {\"network\": \"internal\", \"mfaAgeMinutes\": 5, \"purposeOfUse\": \"TREAT\"}}")
        #expect(denied.decision == .deny)
        #expect(denied.policies == ["restricted-patient-care-team-only"])
        let glass = try fixture.ask(
            "{\(base), \"context\": {\"network\": \"internal\", \"mfaAgeMinutes\": 5, \"purposeOfUse\": \"BTG\","
                + " \"btgJustification\": \"Trauma bay, patient unresponsive\"}}")
        #expect(glass.decision == .allow)
        #expect(glass.obligations == ["btg_review", "notify_privacy_officer"])
    }

    @Test("the remote MFA limit comes from settings and the caller cannot raise it")
    func settingsWin() throws {
        let fixture = try AccessFixture()
        let answer = try fixture.ask(
            #"{"user": "dr.grey", "action": "view", "patient": "p-1", "category": "general", "context": {"network": "remote", "mfaAgeMinutes": 90, "remoteMfaMaxMinutes": 600, "purposeOfUse": "TREAT"}}"#
        )
        #expect(answer.decision == .deny)
        #expect(answer.obligations == ["step_up_mfa"])
    }

    @Test("bad requests name each bad field")
    func badRequests() throws {
        let fixture = try AccessFixture()
        #expect(throws: AccessRequestError.self) { try fixture.ask(#"{"action": "view"}"#) }
        let unknownAction = #expect(throws: AccessRequestError.self) {
            try fixture.ask(#"{"user": "u", "action": "fly", "patient": "p", "category": "general"}"#)
        }
        #expect(unknownAction?.problems.first?.pointer == "/action")
        let missing = #expect(throws: AccessRequestError.self) {
            try fixture.ask(
                #"{"user": "u", "action": "view", "patient": "p", "category": "general", "context": {"x": 1}}"#)
        }
        let pointers = Set(missing?.problems.map(\.pointer) ?? [])
        #expect(pointers.contains("/context/x"))
        #expect(pointers.contains("/context/mfaAgeMinutes"))
        #expect(pointers.contains("/context/purposeOfUse"))
        let unknownMembers = #expect(throws: AccessRequestError.self) {
            try fixture.ask(
                #"{"user": "u", "action": "view", "patient": "p", "category": "general", "zone": 1, "colour": "red"}"#)
        }
        #expect(unknownMembers?.problems.map(\.pointer) == ["/colour", "/zone"])
        #expect(unknownMembers?.problems.allSatisfy { $0.detail == "is not a request field" } == true)
    }

    @Test("a version that does not validate is stored but cannot be activated")
    func activationValidates() throws {
        let fixture = try AccessFixture()
        let broken = "permit (principal, action, resource) when { resource.nonexistent == 1 };"
        let (version, problems) = try fixture.library.create(
            policies: broken, schema: HIPAAPolicyPack.schema, comment: "typo", createdBy: "test")
        #expect(!problems.isEmpty)
        #expect(problems[0].line == 1)
        let error = #expect(throws: PolicyActivationError.self) {
            try fixture.library.activate(version.version, by: "t")
        }
        #expect(error?.problems.isEmpty == false)
        #expect(try fixture.library.activeVersionNumber() == 1)
        let syntax = #expect(throws: PolicyTextError.self) {
            try fixture.library.create(
                policies: "permit (principal,\n  action resource);", schema: HIPAAPolicyPack.schema, comment: "",
                createdBy: "t")
        }
        #expect(syntax?.problem.line == 2)
    }

    @Test("a dry run lists the recorded decisions a candidate would change")
    func dryRun() throws {
        let fixture = try AccessFixture()
        let decision = try fixture.ask(
            #"{"user": "clerk", "action": "view", "patient": "p-1", "category": "demographics", "context": {"network": "internal", "mfaAgeMinutes": 5, "purposeOfUse": "HOPERAT", "hour": 10}}"#
        )
        #expect(decision.decision == .allow)
        fixture.log.record([("d1", decision, 0)], at: Date())
        let stricter =
            HIPAAPolicyPack.policies
            + "\n@id(\"no-front-desk\")\nforbid (principal in PHIGuard::Role::\"front_desk\", action, resource);"
        let (candidate, problems) = try fixture.library.create(
            policies: stricter, schema: HIPAAPolicyPack.schema, comment: "lock out front desk", createdBy: "t")
        #expect(problems.isEmpty)
        let replay = try fixture.log.replay(
            since: Date().addingTimeInterval(-3600), with: try fixture.library.compiled(candidate.version).0,
            decider: fixture.decider)
        #expect(replay.replayed == 1)
        #expect(replay.changes.map(\.id) == ["d1"])
        #expect(replay.changes.first?.after == .deny)
        #expect(replay.changes.first?.afterPolicies == ["no-front-desk"])
        let same = try fixture.log.replay(
            since: Date().addingTimeInterval(-3600), with: try fixture.library.current(), decider: fixture.decider)
        #expect(same.changes.isEmpty)
    }

    @Test("the decision log writes in the background: concurrent records all land, a full queue waits, flush waits")
    func decisionLogWriter() throws {
        let fixture = try AccessFixture()
        let decision = try fixture.ask(
            #"{"user": "clerk", "action": "view", "patient": "p-1", "category": "demographics", "context": {"network": "internal", "mfaAgeMinutes": 5, "purposeOfUse": "HOPERAT", "hour": 10}}"#
        )
        // A tiny queue, so callers keep hitting the limit and wait for the writer.
        let log = DecisionLog(store: fixture.store, keyring: fixture.keyring, pendingLimit: 7)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for batch in 0..<25 {
                log.record((0..<4).map { ("t\(thread)-b\(batch)-\($0)", decision, Optional(batch)) }, at: Date())
            }
        }
        log.flush()
        let rows = try fixture.store.read { try $0.query("SELECT id FROM access_decisions") }
        #expect(Set(rows.compactMap { $0["id"].text }).count == 8 * 25 * 4)
        let replay = try log.replay(
            since: Date().addingTimeInterval(-60), with: try fixture.library.current(), decider: fixture.decider)
        #expect(replay.replayed == 800 && replay.changes.isEmpty)

        // Replay flushes first: what was just recorded is replayed, across several bounded transactions.
        let large = DecisionLog(store: fixture.store, keyring: fixture.keyring)
        large.record((0..<2_500).map { ("many-\($0)", decision, nil) }, at: Date())
        large.record([("last", decision, nil)], at: Date())
        let again = try large.replay(
            since: Date().addingTimeInterval(-60), with: try fixture.library.current(), decider: fixture.decider)
        #expect(again.replayed == 3_301)
    }

    @Test("a failed background write is logged without the requests and does not reach the caller")
    func decisionLogWriteFailure() throws {
        let fixture = try AccessFixture()
        let decision = try fixture.ask(
            #"{"user": "clerk", "action": "view", "patient": "p-1", "category": "demographics", "context": {"network": "internal", "mfaAgeMinutes": 5, "purposeOfUse": "HOPERAT", "hour": 10}}"#
        )
        let sink = MemoryLogSink()
        let log = DecisionLog(
            store: fixture.store, keyring: fixture.keyring, logger: Logger(label: "test", sink: sink))
        try fixture.store.write { try $0.execute("DROP TABLE access_decisions") }
        log.record([("d1", decision, 1)], at: Date())
        log.flush()
        #expect(sink.text.contains("decision requests not kept for dry runs"))
        #expect(!sink.text.contains("p-1") && !sink.text.contains("clerk"))
    }

    @Test("the decision log rebuilt in rowid order on SQLite keeps its rows, and replays and pruning read it")
    func decisionLogRebuild() throws {
        let fixture = try AccessFixture(schema: AccessSchema.version1 + AccessSchema.version2)
        let decision = try fixture.ask(
            #"{"user": "clerk", "action": "view", "patient": "p-1", "category": "demographics", "context": {"network": "internal", "mfaAgeMinutes": 5, "purposeOfUse": "HOPERAT", "hour": 10}}"#
        )
        let now = Date()
        fixture.log.record((0..<5).map { index in ("d\(index)", decision, Optional(index)) }, at: now)
        fixture.log.record([("old", decision, nil)], at: now.addingTimeInterval(-86_400))
        fixture.log.flush()
        let read = "SELECT id, decided_at, policy_version, decision, request, ledger_index FROM access_decisions"
        let order = " ORDER BY decided_at, id"
        let before = try fixture.store.read { try $0.query("\(raw: read + order)") }

        try Migrator.apply(
            [
                Migration(version: 1, name: "access", statements: AccessSchema.version1 + AccessSchema.version2),
                Migration(version: 2, name: "rowid order", statements: AccessSchema.version3SQLite),
            ], to: fixture.store, logger: .disabled)
        let after = try fixture.store.read { try $0.query("\(raw: read + order)") }
        #expect(after.map(\.values) == before.map(\.values) && after.count == 6)
        let plan = try fixture.store.read { connection in
            try connection.query("EXPLAIN QUERY PLAN DELETE FROM access_decisions WHERE decided_at < \(Int64(0))")
        }
        #expect(plan.contains { ($0["detail"].text ?? "").contains("access_decisions_time") })

        let replay = try fixture.log.replay(
            since: now.addingTimeInterval(-60), with: try fixture.library.current(), decider: fixture.decider)
        #expect(replay.replayed == 5 && replay.changes.isEmpty)
        #expect(try fixture.log.prune(before: now.addingTimeInterval(-60)) == 1)
        fixture.log.record([("new", decision, 9)], at: now)
        fixture.log.flush()
        #expect(try fixture.store.read { try $0.query("\(raw: read)") }.count == 6)
    }

    @Test("cached neighbourhoods follow writes: a new user, a changed role, a patient one hop away, a removal")
    func neighbourhoodsFollowWrites() throws {
        let fixture = try AccessFixture()
        let schema = try fixture.library.current().schema
        func view(_ user: String) throws -> AccessDecision {
            try fixture.ask(
                #"{"user": "\#(user)", "action": "view", "record": "note-7", "device": "ws-1", "context": {"network": "internal", "mfaAgeMinutes": 5, "purposeOfUse": "TREAT", "hour": 10}}"#
            )
        }
        func upsert(_ json: String) throws { try fixture.directory.upsert(json: Data(json.utf8), schema: schema) }
        let facility = #"{"__entity": {"type": "PHIGuard::Facility", "id": "main"}}"#
        func user(_ id: String, role: String) -> String {
            #"[{"uid": {"type": "PHIGuard::User", "id": "\#(id)"}, "attrs": {"department": "medicine", "#
                + #""facility": \#(facility), "employmentStatus": "active"}, "#
                + #""parents": [{"type": "PHIGuard::Role", "id": "\#(role)"}]}]"#
        }

        // Asked twice, so the second answer comes from the cached neighbourhoods.
        #expect(try view("dr.new").decision == .deny)
        #expect(try view("dr.new").decision == .deny)
        try upsert(user("dr.new", role: "physician"))
        #expect(try view("dr.new").policies == ["physician-treatment"])

        #expect(try view("dr.grey").decision == .allow)
        try upsert(user("dr.grey", role: "front_desk"))
        #expect(try view("dr.grey").decision == .deny)

        #expect(try view("dr.new").decision == .allow)
        try fixture.directory.remove(EntityUID("PHIGuard::User", "dr.new"))
        #expect(try view("dr.new").decision == .deny)

        // The record's patient is one hop from the record: restricting the patient reaches the record's decisions.
        try upsert(user("dr.grey", role: "physician"))
        #expect(try view("dr.grey").decision == .allow)
        try upsert(
            #"[{"uid": {"type": "PHIGuard::Patient", "id": "p-1"}, "attrs": {"restricted": ["EMP"], "careTeam": [], "#
                + #""facility": \#(facility), "deceased": false}}]"#)
        #expect(try view("dr.grey").policies == ["restricted-patient-care-team-only"])
    }

    @Test("directory entities are stored encrypted and rejected whole when one is bad")
    func directory() throws {
        let fixture = try AccessFixture()
        let rows = try fixture.store.read { try $0.query("SELECT body FROM directory_entities") }
        for row in rows {
            #expect(!String(decoding: try row.bytes("body"), as: UTF8.self).contains("dr.grey"))
        }
        let bad =
            #"[{"uid": {"type": "PHIGuard::Device", "id": "d2"}, "attrs": {"managed": true, "compliant": true}},"#
            + #" {"uid": {"type": "PHIGuard::Nope", "id": "x"}, "attrs": {}}]"#
        let error = #expect(throws: EntityBatchError.self) {
            try fixture.directory.upsert(json: Data(bad.utf8), schema: try fixture.library.current().schema)
        }
        #expect(error?.problems.map(\.index) == [1])
        #expect(try fixture.directory.json(of: EntityUID("PHIGuard::Device", "d2")) == nil)
        #expect(try fixture.directory.remove(EntityUID("PHIGuard::Device", "kiosk")))
        #expect(try fixture.directory.counts()["PHIGuard::Device"] == 1)
    }
}
