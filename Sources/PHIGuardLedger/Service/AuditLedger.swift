import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardStore
import Synchronization

/// The audit ledger as the rest of PHIGuard uses it: record events durably, publish signed checkpoints, read
/// entries and proofs, and search.
///
/// Events are prepared (canonical bytes, leaf hash, sealing, blind indexes) on the caller's thread, then handed
/// to the group-commit `LedgerWriter`. Checkpoints go through `CheckpointSequencer`, so two inconsistent ones
/// are never signed: an inconsistency halts signing and raises an alarm.
public final class AuditLedger: Sendable {
    public let configuration: AuditLedgerConfiguration
    let store: any Store
    let keyring: Keyring
    let writer: LedgerWriter
    let signer: NoteSigner
    let logger: Logger
    let metrics: MetricsRegistry
    private let sequencer: Mutex<CheckpointSequencer>

    /// Opens the ledger on a migrated store.
    ///
    /// - Parameter signingKey: the instance's Ed25519 key; checkpoints are signed under the origin name.
    public init(
        store: any Store,
        keyring: Keyring,
        signingKey: Ed25519.PrivateKey,
        configuration: AuditLedgerConfiguration,
        logger: Logger,
        metrics: MetricsRegistry = MetricsRegistry()
    ) throws {
        self.configuration = configuration
        self.store = store
        self.keyring = keyring
        self.logger = logger
        self.metrics = metrics
        signer = try NoteSigner(name: configuration.origin, privateKey: signingKey)
        writer = try LedgerWriter(store: store, logger: logger) { index, leafHash in
            LedgerContexts.rowMAC(keyring, index: index, leafHash: leafHash)
        }
        let last = try Self.latestCheckpoint(in: store)
        sequencer = Mutex(CheckpointSequencer(lastSigned: last.map { TreeHead(size: $0.size, rootHash: $0.rootHash) }))
    }

    /// The public key auditors verify checkpoints with, as a C2SP verifier key.
    public var verifierKey: String { signer.verifier.verifierKey }

    /// The verifier for this ledger's checkpoints.
    public var verifier: NoteVerifier { signer.verifier }

    /// The number of durable entries.
    public var size: Int { writer.size }

    /// Whether appends currently succeed; false while storage refuses writes (PHI requests fail closed).
    public var isHealthy: Bool { writer.isHealthy }

    /// Records events durably and returns their receipts, in order.
    ///
    /// - Throws: `ledger.event_invalid` for an event that breaks the rules (nothing is written);
    ///   `ledger.unavailable` when storage cannot confirm the write in time.
    @discardableResult
    public func record(_ events: [AuditEvent]) throws -> [LedgerReceipt] {
        let records = try events.map(prepare)
        let range = try writer.append(records.map(\.record))
        metrics.counter("phiguard_ledger_entries_total", help: "Entries appended to the audit ledger")
            .increment(by: UInt64(records.count))
        return zip(range, records).map { index, prepared in
            LedgerReceipt(index: index, eventID: prepared.event.id, leafHash: prepared.record.leafHash.hex)
        }
    }

    /// Records one event.
    @discardableResult
    public func record(_ event: AuditEvent) throws -> LedgerReceipt {
        try record([event])[0]
    }

    /// Prepares one event: flags clock skew, serializes, hashes, seals and indexes it.
    private func prepare(_ event: AuditEvent) throws -> (event: AuditEvent, record: LedgerRecord) {
        var event = event
        if let source = event.sourceTime {
            let skew = abs(source.millisecondsSince1970 - event.receivedTime.millisecondsSince1970)
            if Double(skew) > configuration.clockSkewThreshold * 1000 {
                event.details["clock_skew_ms"] = String(skew)
                metrics.counter(
                    "phiguard_ledger_clock_skewed_events_total",
                    help: "Events whose source time differs from receipt time by more than the threshold"
                ).increment()
            }
        }
        try event.validate()
        let canonical = event.canonicalJSON()
        var record = LedgerRecord(
            leafHash: MerkleTree.leafHash(canonical),
            sealedEntry: [],
            eventClass: event.eventClass.rawValue,
            action: event.action.rawValue,
            category: event.phiCategory,
            outcome: event.outcome.succeeded ? "success" : "failure",
            userIndex: keyring.blindIndex(event.actor.userID, context: LedgerContexts.user),
            patientIndex: event.patientID.map { keyring.blindIndex($0, context: LedgerContexts.patient) },
            occurredAt: (event.sourceTime ?? event.receivedTime).millisecondsSince1970,
            receivedAt: event.receivedTime.millisecondsSince1970
        )
        record.sealedEntry = try keyring.encrypt(canonical, context: record.sealingContext)
        return (event, record)
    }

    /// Stops the writer after it has committed what is queued.
    public func shutdown() {
        writer.shutdown()
    }
}

extension AuditLedger {
    /// The most recent stored checkpoint, parsed (the signature is checked by readers that need it).
    static func latestCheckpoint(in store: any Store) throws -> Checkpoint? {
        try store.read { connection in
            guard let row = try connection.first("SELECT note FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1")
            else { return nil }
            let note = try SignedNote(parsing: try row.string("note"))
            return try Checkpoint(text: note.text)
        }
    }

    /// The latest signed checkpoint as a signed note, or nil before the first.
    public func latestSignedCheckpoint() throws -> String? {
        try store.read { connection in
            try connection.first("SELECT note FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1")?.string("note")
        }
    }

    /// Signs and stores a checkpoint of the current tree when it grew since the last one.
    ///
    /// - Returns: the signed note, or nil when there was nothing new to sign.
    /// - Throws: `ledger.checkpoint_invalid` (and logs a critical alarm) when the tree is inconsistent with the
    ///   last signed checkpoint: nothing is signed then, now or later, until people investigate.
    @discardableResult
    public func publishCheckpoint(now: Date = Date()) throws -> String? {
        let head = writer.head
        guard head.size > 0 else { return nil }
        let last = try Self.latestCheckpoint(in: store)
        let proof: [[UInt8]] = try store.read { connection in
            guard let last, last.size > 0, last.size < head.size else { return [] }
            return try MerkleTree.consistencyProof(
                from: last.size, to: head.size, source: StoredMerkleHashSource(connection: connection))
        }
        let candidate = TreeHead(size: head.size, rootHash: head.rootHash)
        switch sequencer.withLock({ $0.propose(candidate, consistencyProof: proof) }) {
        case .none, .wait:
            return nil
        case .alarm(let alarm):
            logger.critical(
                "ledger refuses to sign a checkpoint inconsistent with an earlier one",
                ["ledger.alarm": .string("\(alarm.kind)"), "ledger.size": .int(alarm.candidate.size)])
            metrics.counter("phiguard_ledger_alarms_total", help: "Checkpoint consistency alarms").increment()
            throw PHIGuardError(.checkpointInvalid, "the ledger is inconsistent with its last signed checkpoint")
        case .sign(let tree):
            do {
                let note = try Checkpoint(origin: configuration.origin, size: tree.size, rootHash: tree.rootHash)
                    .signed(by: signer).formatted
                try store.write { connection in
                    try connection.execute(
                        """
                        INSERT INTO ledger_checkpoints (tree_size, root_hash, note, signed_at)
                        VALUES (\(Int64(tree.size)), \(tree.rootHash), \(note), \(Int64(now.timeIntervalSince1970)))
                        """
                    )
                }
                try sequencer.withLock { try $0.signingSucceeded() }
                return note
            } catch {
                try? sequencer.withLock { try $0.signingFailed() }
                throw error
            }
        }
    }
}
