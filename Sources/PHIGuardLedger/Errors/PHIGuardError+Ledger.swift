import PHIGuardCore

extension PHIGuardError.Code {
    /// A Merkle inclusion or consistency proof does not verify, or cannot be built for the sizes asked.
    public static let proofInvalid = Self("ledger.proof_invalid")
    /// A tree hash that a proof or a root needs is not stored (the tree is smaller than asked, or incomplete).
    public static let treeHashMissing = Self("ledger.tree_hash_missing")
    /// A signed note, a note key or a signature line is malformed, or no trusted key verified the note.
    public static let noteInvalid = Self("ledger.note_invalid")
    /// A checkpoint body is malformed or does not belong to the expected log.
    public static let checkpointInvalid = Self("ledger.checkpoint_invalid")
    /// An audit event, or its canonical serialization, breaks the event schema.
    public static let eventInvalid = Self("ledger.event_invalid")
    /// The checkpoint sequencer was driven through a transition it does not allow.
    public static let sequencerMisuse = Self("ledger.sequencer_misuse")
}
