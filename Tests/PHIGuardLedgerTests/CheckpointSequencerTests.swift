import PHIGuardCore
import PHIGuardLedger
import Testing

@Suite("Checkpoint sequencer")
struct CheckpointSequencerTests {
    static let source = InMemoryMerkleHashSource(leafHashes: leafHashes(count: 20))

    static func head(_ size: Int) throws -> TreeHead {
        TreeHead(size: size, rootHash: try MerkleTree.rootHash(treeSize: size, source: source))
    }

    static func proof(_ old: Int, _ new: Int) throws -> [[UInt8]] {
        try MerkleTree.consistencyProof(from: old, to: new, source: source)
    }

    static func signed(_ size: Int) throws -> CheckpointSequencer {
        CheckpointSequencer(lastSigned: try head(size))
    }

    @Test("With no checkpoint yet, any well-formed head is signed")
    func firstCheckpoint() throws {
        var sequencer = CheckpointSequencer(lastSigned: nil)
        #expect(sequencer.state == .noCheckpoint)
        #expect(sequencer.propose(try Self.head(7), consistencyProof: []) == .sign(try Self.head(7)))
        #expect(sequencer.state == .signing(try Self.head(7), previous: nil))
        try sequencer.signingSucceeded()
        #expect(sequencer.state == .signed(try Self.head(7)))
    }

    @Test("The empty tree is signed first and then extended without a proof")
    func emptyTree() throws {
        var sequencer = CheckpointSequencer(lastSigned: nil)
        let empty = TreeHead(size: 0, rootHash: MerkleTree.emptyRoot)
        #expect(sequencer.propose(empty, consistencyProof: []) == .sign(empty))
        try sequencer.signingSucceeded()
        #expect(sequencer.propose(empty, consistencyProof: []) == .none)
        #expect(sequencer.propose(try Self.head(3), consistencyProof: []) == .sign(try Self.head(3)))
    }

    @Test("A larger tree with a valid proof is signed")
    func extension_() throws {
        var sequencer = try Self.signed(6)
        #expect(
            sequencer.propose(try Self.head(13), consistencyProof: try Self.proof(6, 13)) == .sign(try Self.head(13)))
        #expect(sequencer.state == .signing(try Self.head(13), previous: try Self.head(6)))
        try sequencer.signingSucceeded()
        #expect(sequencer.state == .signed(try Self.head(13)))
    }

    @Test("The head last signed is a no-op")
    func unchanged() throws {
        var sequencer = try Self.signed(6)
        #expect(sequencer.propose(try Self.head(6), consistencyProof: []) == .none)
        #expect(sequencer.state == .signed(try Self.head(6)))
    }

    @Test("While signing, proposals wait")
    func waitsWhileSigning() throws {
        var sequencer = try Self.signed(6)
        _ = sequencer.propose(try Self.head(8), consistencyProof: try Self.proof(6, 8))
        #expect(sequencer.propose(try Self.head(9), consistencyProof: try Self.proof(8, 9)) == .wait)
        #expect(sequencer.state == .signing(try Self.head(8), previous: try Self.head(6)))
    }

    @Test("A failed signature returns to the last signed head", arguments: [nil, 6])
    func signingFails(last: Int?) throws {
        var sequencer = CheckpointSequencer(lastSigned: try last.map(Self.head))
        let proof = try last.map { try Self.proof($0, 8) } ?? []
        #expect(sequencer.propose(try Self.head(8), consistencyProof: proof) == .sign(try Self.head(8)))
        try sequencer.signingFailed()
        #expect(sequencer.state == (try last.map { .signed(try Self.head($0)) } ?? .noCheckpoint))
    }

    @Test("Reporting a signature that is not in flight is misuse")
    func misuse() throws {
        var sequencer = try Self.signed(6)
        #expect(throws: PHIGuardError(.sequencerMisuse, "")) { try sequencer.signingSucceeded() }
        #expect(throws: PHIGuardError(.sequencerMisuse, "")) { try sequencer.signingFailed() }
        var fresh = CheckpointSequencer(lastSigned: nil)
        #expect(throws: PHIGuardError(.sequencerMisuse, "")) { try fresh.signingSucceeded() }
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var size: Int
        var root: [UInt8]?
        var proofFrom: Int?
        var kind: CheckpointSequencer.Alarm.Kind
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "a smaller tree", size: 4, root: nil, proofFrom: nil, kind: .smallerTree),
        Refusal(
            name: "another root at the same size", size: 6, root: leafHashes(count: 1)[0], proofFrom: nil,
            kind: .differentRootAtSameSize),
        Refusal(name: "a proof from another size", size: 9, root: nil, proofFrom: 5, kind: .inconsistentProof),
        Refusal(name: "no proof", size: 9, root: nil, proofFrom: nil, kind: .inconsistentProof),
        Refusal(
            name: "a forked larger tree", size: 9, root: leafHashes(count: 1)[0], proofFrom: 6,
            kind: .inconsistentProof),
        Refusal(name: "a short root", size: 9, root: [1, 2, 3], proofFrom: 6, kind: .malformedHead),
        Refusal(
            name: "size zero with a root", size: 0, root: leafHashes(count: 1)[0], proofFrom: nil,
            kind: .malformedHead),
    ]

    @Test("An inconsistent head raises an alarm and halts", arguments: refusals)
    func alarm(refusal: Refusal) throws {
        var sequencer = try Self.signed(6)
        let candidate = TreeHead(size: refusal.size, rootHash: try refusal.root ?? Self.head(refusal.size).rootHash)
        let proof = try refusal.proofFrom.map { try Self.proof($0, refusal.size) } ?? []
        let alarm = CheckpointSequencer.Alarm(kind: refusal.kind, lastSigned: try Self.head(6), candidate: candidate)
        #expect(sequencer.propose(candidate, consistencyProof: proof) == .alarm(alarm))
        #expect(sequencer.state == .halted(alarm))

        #expect(sequencer.propose(try Self.head(9), consistencyProof: try Self.proof(6, 9)) == .alarm(alarm))
        #expect(throws: PHIGuardError(.sequencerMisuse, "")) { try sequencer.signingSucceeded() }
    }

    @Test("A malformed first head or a proof from nothing raises an alarm")
    func firstHeadAlarms() throws {
        var malformed = CheckpointSequencer(lastSigned: nil)
        let short = TreeHead(size: 3, rootHash: [0])
        #expect(
            malformed.propose(short, consistencyProof: [])
                == .alarm(.init(kind: .malformedHead, lastSigned: nil, candidate: short)))
        var withProof = CheckpointSequencer(lastSigned: nil)
        let head = try Self.head(4)
        #expect(
            withProof.propose(head, consistencyProof: [head.rootHash])
                == .alarm(.init(kind: .inconsistentProof, lastSigned: nil, candidate: head)))
    }
}
