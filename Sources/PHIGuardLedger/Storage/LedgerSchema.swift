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
        "CREATE TABLE ledger_entries (seq BIGINT PRIMARY KEY, \(entryColumns))",
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

    /// The search indexes cover blocks of `2^searchBlockShift` consecutive entries.
    public static let searchBlockShift = 14

    /// Search indexes keyed by block first: `((seq >> 14), patient_index, seq)` and the same for users.
    ///
    /// Blind indexes are uniformly random, so an index keyed by them alone takes each group commit's rows all
    /// over its pages, and every commit rewrote nearly the whole index once it outgrew the cache (appends
    /// slowed as the log grew). Keyed by block first, a commit's rows land in the newest block's few pages. A
    /// search asks each block in turn, newest first (`AuditLedger.search`); the expression must be spelled
    /// exactly as here for the planners to use the indexes.
    public static let version2: [String] = [
        "DROP INDEX ledger_entries_patient",
        "DROP INDEX ledger_entries_user",
        "CREATE INDEX ledger_entries_patient ON ledger_entries ((seq >> 14), patient_index, seq)",
        "CREATE INDEX ledger_entries_user ON ledger_entries ((seq >> 14), user_index, seq)",
    ]

    /// SQLite only: the table rebuilt with `seq INTEGER PRIMARY KEY`, which makes the entry index the rowid.
    ///
    /// Declared `BIGINT PRIMARY KEY`, SQLite keeps a hidden rowid and a separate index on `seq`, so every append
    /// wrote one more B-tree and every read by index went through it. PostgreSQL's `BIGINT PRIMARY KEY` needs
    /// no change. The rows are copied unchanged; the indexes are created again as version 2 left them.
    public static let version3SQLite: [String] = [
        "CREATE TABLE ledger_entries_by_seq (seq INTEGER PRIMARY KEY, \(entryColumns))",
        """
        INSERT INTO ledger_entries_by_seq (
            seq, leaf_hash, nodes, row_mac, sealed_entry, event_class, action, category, outcome, user_index,
            patient_index, occurred_at, received_at
        )
        SELECT seq, leaf_hash, nodes, row_mac, sealed_entry, event_class, action, category, outcome, user_index,
            patient_index, occurred_at, received_at
        FROM ledger_entries ORDER BY seq
        """,
        "DROP TABLE ledger_entries",
        "ALTER TABLE ledger_entries_by_seq RENAME TO ledger_entries",
        "CREATE INDEX ledger_entries_patient ON ledger_entries ((seq >> 14), patient_index, seq)",
        "CREATE INDEX ledger_entries_user ON ledger_entries ((seq >> 14), user_index, seq)",
        "CREATE INDEX ledger_entries_time ON ledger_entries(occurred_at)",
    ]

    /// Every statement in order on SQLite, for a store that holds only the ledger (tests and benchmarks).
    public static let standalone = version1 + version2 + version3SQLite

    /// Every statement in order on PostgreSQL, in portable spelling (`BLOB` still to become `BYTEA`).
    public static let standalonePostgres = version1 + version2

    /// Every column of `ledger_entries` after `seq`, as version 1 declared them.
    private static let entryColumns = """
        leaf_hash BLOB NOT NULL, nodes BLOB NOT NULL, row_mac BLOB NOT NULL, sealed_entry BLOB,
        event_class TEXT NOT NULL, action TEXT NOT NULL, category TEXT, outcome TEXT NOT NULL, user_index BLOB,
        patient_index BLOB, occurred_at BIGINT NOT NULL, received_at BIGINT NOT NULL
        """

    /// The block expression the search indexes begin with.
    static let searchBlock = "(seq >> 14)"
}
