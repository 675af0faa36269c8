/// The ledger's tables, in portable SQL (`BLOB` becomes `BYTEA` on PostgreSQL through the migration builder).
///
/// One row per leaf. Besides the leaf hash, a row keeps the hashes of the complete subtrees its leaf closed
/// (levels 1 and up, 32 bytes each, lowest first), so the hash of any complete subtree `(level, index)` is one
/// point read: it was closed by leaf `((index + 1) << level) - 1`. The entry itself is stored sealed under the
/// keyring (it names patients and users); equality search uses keyed blind indexes, never plaintext.
///
/// `row_mac` binds the index to the leaf hash under a keyed MAC, so a row moved, inserted or swapped is found at
/// its own index. Every other column is derived from the entry, so `LedgerVerifier` recomputes and checks all of them. Pruning
/// clears the sealed entry and the derived columns together and keeps the hashes.
public enum LedgerSchema {
    /// Entries, checkpoints and forwarder cursors.
    public static let version1: [String] = [
        """
        CREATE TABLE ledger_entries (
            seq BIGINT PRIMARY KEY,
            leaf_hash BLOB NOT NULL,
            nodes BLOB NOT NULL,
            row_mac BLOB NOT NULL,
            sealed_entry BLOB,
            event_class TEXT NOT NULL,
            action TEXT NOT NULL,
            category TEXT,
            outcome TEXT NOT NULL,
            user_index BLOB,
            patient_index BLOB,
            occurred_at BIGINT NOT NULL,
            received_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX ledger_entries_patient ON ledger_entries(patient_index, seq)",
        "CREATE INDEX ledger_entries_user ON ledger_entries(user_index, seq)",
        "CREATE INDEX ledger_entries_time ON ledger_entries(occurred_at)",
        """
        CREATE TABLE ledger_checkpoints (
            tree_size BIGINT PRIMARY KEY,
            root_hash BLOB NOT NULL,
            note TEXT NOT NULL,
            signed_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE ledger_holds (
            id TEXT PRIMARY KEY,
            reason TEXT NOT NULL,
            patient_index BLOB,
            user_index BLOB,
            from_seq BIGINT,
            to_seq BIGINT,
            created_at BIGINT NOT NULL,
            released_at BIGINT
        )
        """,
        """
        CREATE TABLE ledger_forwarders (
            name TEXT PRIMARY KEY,
            next_seq BIGINT NOT NULL,
            last_error TEXT,
            updated_at BIGINT NOT NULL
        )
        """,
    ]
}
