import Foundation
import PHIGuardCore
import PHIGuardLedger
import Testing

@Suite("Ledger retention")
struct RetentionTests {
    @Test("pruning removes expired events but keeps hashes, so checkpoints and proofs stay valid; holds keep theirs")
    func pruneKeepsTheTreeVerifiable() throws {
        let fixture = try LedgerFixture()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let old = Int64((now.timeIntervalSince1970 - 7 * 366 * 86_400) * 1000)
        for step in 0..<10 {
            try fixture.ledger.record(
                try LedgerFixture.view("u\(step)", step < 2 ? "held-patient" : "p\(step)", at: old))
        }
        try fixture.ledger.record(try LedgerFixture.view("recent", "p", at: Int64(now.timeIntervalSince1970 * 1000)))
        let note = try #require(try fixture.ledger.publishCheckpoint(now: now))
        let checkpoint = try Checkpoint.open(note, verifiers: [fixture.ledger.verifier])
        _ = try fixture.ledger.addHold(
            reason: "litigation 2026-17", patientID: "held-patient", userID: nil, fromIndex: nil, toIndex: nil)

        let plan = try fixture.ledger.prune(now: now, dryRun: true)
        #expect(plan == PruneSummary(entries: 8, held: 2, firstIndex: 2, lastIndex: 9))
        #expect(try fixture.ledger.entry(at: 5).event != nil)

        let done = try fixture.ledger.prune(now: now, dryRun: false)
        #expect(done.entries == 8)
        #expect(try fixture.ledger.entry(at: 5).event == nil)
        #expect(try fixture.ledger.entry(at: 0).event != nil)
        #expect(try fixture.ledger.entry(at: 10).event != nil)
        let report = try fixture.verify()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.pruned == 8)
        let leaf = try fixture.ledger.entry(at: 5).leafHash
        try MerkleTree.verifyInclusion(
            leafHash: leaf, index: 5, treeSize: 11, proof: try fixture.ledger.inclusionProof(index: 5, treeSize: 11),
            root: checkpoint.rootHash)
        #expect(try fixture.ledger.search(AuditQuery(patientID: "p5")).entries.isEmpty)
    }

    @Test("a hold needs a reason and something to cover")
    func holdValidation() throws {
        let fixture = try LedgerFixture()
        #expect(throws: PHIGuardError.self) {
            try fixture.ledger.addHold(reason: " ", patientID: "p", userID: nil, fromIndex: nil, toIndex: nil)
        }
        #expect(throws: PHIGuardError.self) {
            try fixture.ledger.addHold(reason: "x", patientID: nil, userID: nil, fromIndex: 1, toIndex: nil)
        }
        let hold = try fixture.ledger.addHold(reason: "x", patientID: nil, userID: "u", fromIndex: nil, toIndex: nil)
        try fixture.ledger.releaseHold(id: hold.id)
        #expect(try fixture.ledger.holds().first?.releasedAt != nil)
        #expect(throws: PHIGuardError.self) { try fixture.ledger.releaseHold(id: hold.id) }
    }
}
