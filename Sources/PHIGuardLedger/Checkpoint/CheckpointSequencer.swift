import PHIGuardCore

/// Decides, without I/O, whether the ledger may sign a new checkpoint: the log never signs two checkpoints
/// that are inconsistent with each other.
///
/// The shell that owns the store and the key drives it: it proposes the current tree head with a
/// consistency proof from the last signed size, acts on the returned `Action`, and reports how signing went.
///
/// - `noCheckpoint` or `signed(last)`: a proposal that extends `last` (proof verified), or any well-formed
///   head when nothing was signed yet, moves to `signing` and answers `.sign`. The same head again answers
///   `.none`. A smaller tree, another root at the same size, a failing proof or a malformed head answers
///   `.alarm` and halts.
/// - `signing(head, previous)`: proposals answer `.wait`; `signingSucceeded()` moves to `signed(head)`,
///   `signingFailed()` back to where it was.
/// - `halted(alarm)`: every proposal answers the same alarm. Tamper evidence has failed, so only people can
///   resume: after investigating, they start a new sequencer from the last checkpoint actually published.
public struct CheckpointSequencer: Sendable {
    /// Where the sequencer stands.
    public enum State: Sendable, Hashable {
        /// The log has never signed a checkpoint.
        case noCheckpoint
        /// The last checkpoint signed and published.
        case signed(TreeHead)
        /// A checkpoint is being signed; `previous` is the last one signed before it.
        case signing(TreeHead, previous: TreeHead?)
        /// An inconsistency was found; nothing more will be signed.
        case halted(Alarm)
    }

    /// What the shell must do after a proposal.
    public enum Action: Sendable, Hashable {
        /// Sign and publish a checkpoint for this head, then call `signingSucceeded()` or `signingFailed()`.
        case sign(TreeHead)
        /// The head is the one last signed: nothing to do.
        case none
        /// A signature is in flight: propose again once it is settled.
        case wait
        /// Refuse: the head is inconsistent with what was signed. Raise an alarm.
        case alarm(Alarm)
    }

    /// Why a proposal was refused.
    public struct Alarm: Sendable, Hashable {
        /// The kind of inconsistency.
        public enum Kind: Sendable, Hashable {
            /// The proposed tree is smaller than the one last signed: a rollback.
            case smallerTree
            /// The proposed tree has the size last signed but another root: a fork.
            case differentRootAtSameSize
            /// The consistency proof from the last signed head does not verify.
            case inconsistentProof
            /// The proposed head cannot describe a tree (negative size, root not 32 bytes, or not the empty
            /// root at size zero).
            case malformedHead
        }

        /// The kind of inconsistency.
        public var kind: Kind
        /// The last signed head, if any.
        public var lastSigned: TreeHead?
        /// The refused head.
        public var candidate: TreeHead

        /// Creates an alarm.
        public init(kind: Kind, lastSigned: TreeHead?, candidate: TreeHead) {
            self.kind = kind
            self.lastSigned = lastSigned
            self.candidate = candidate
        }
    }

    /// Where the sequencer stands.
    public private(set) var state: State

    /// Starts from the last checkpoint the log signed and published, or none.
    public init(lastSigned: TreeHead?) {
        state = lastSigned.map(State.signed) ?? .noCheckpoint
    }

    /// Decides on a proposed head.
    ///
    /// - Parameters:
    ///   - candidate: the tree head to sign.
    ///   - consistencyProof: the proof from the last signed size to the candidate's; empty when nothing (or the
    ///     empty tree) was signed, or when the sizes are equal.
    public mutating func propose(_ candidate: TreeHead, consistencyProof: [[UInt8]]) -> Action {
        switch state {
        case .halted(let alarm):
            return .alarm(alarm)
        case .signing:
            return .wait
        case .noCheckpoint:
            return decide(candidate, after: nil, proof: consistencyProof)
        case .signed(let last):
            return decide(candidate, after: last, proof: consistencyProof)
        }
    }

    /// Records that the checkpoint for the head answered with `.sign` is signed and published.
    ///
    /// - Throws: `PHIGuardError` with code `.sequencerMisuse` when no signature is in flight.
    public mutating func signingSucceeded() throws {
        guard case .signing(let head, _) = state else {
            throw PHIGuardError(.sequencerMisuse, "no checkpoint signature is in flight")
        }
        state = .signed(head)
    }

    /// Records that signing or publishing failed: the last signed head stays the reference.
    ///
    /// - Throws: `PHIGuardError` with code `.sequencerMisuse` when no signature is in flight.
    public mutating func signingFailed() throws {
        guard case .signing(_, let previous) = state else {
            throw PHIGuardError(.sequencerMisuse, "no checkpoint signature is in flight")
        }
        state = previous.map(State.signed) ?? .noCheckpoint
    }

    private mutating func decide(_ candidate: TreeHead, after last: TreeHead?, proof: [[UInt8]]) -> Action {
        if let kind = Self.inconsistency(of: candidate, after: last, proof: proof) {
            let alarm = Alarm(kind: kind, lastSigned: last, candidate: candidate)
            state = .halted(alarm)
            return .alarm(alarm)
        }
        if let last, last == candidate { return .none }
        state = .signing(candidate, previous: last)
        return .sign(candidate)
    }

    /// What is wrong with signing `candidate` after `last`, if anything.
    private static func inconsistency(of candidate: TreeHead, after last: TreeHead?, proof: [[UInt8]]) -> Alarm.Kind? {
        guard candidate.isWellFormed else { return .malformedHead }
        guard let last, last.size > 0 else { return proof.isEmpty ? nil : .inconsistentProof }
        guard candidate.size >= last.size else { return .smallerTree }
        guard candidate.size > last.size else {
            return candidate.rootHash == last.rootHash ? nil : .differentRootAtSameSize
        }
        do {
            try MerkleTree.verifyConsistency(
                oldSize: last.size, newSize: candidate.size, oldRoot: last.rootHash, newRoot: candidate.rootHash,
                proof: proof)
            return nil
        } catch {
            return .inconsistentProof
        }
    }
}
