/// The tables of access control: policy versions and their activations, the entity directory decisions read,
/// and the decision log that dry runs replay.
public enum AccessSchema {
    public static let version1: [String] = [
        """
        CREATE TABLE policy_versions (
            version BIGINT PRIMARY KEY,
            policies TEXT NOT NULL,
            schema_text TEXT NOT NULL,
            comment TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE policy_activations (
            seq BIGINT PRIMARY KEY,
            version BIGINT NOT NULL REFERENCES policy_versions(version),
            activated_by TEXT NOT NULL,
            activated_at BIGINT NOT NULL
        )
        """,
        // One Cedar entity per row, found by a keyed hash of its uid; the JSON is encrypted because
        // identifiers and flags of patients are PHI.
        """
        CREATE TABLE directory_entities (
            uid_index BLOB PRIMARY KEY,
            entity_type TEXT NOT NULL,
            body BLOB NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX directory_entities_type ON directory_entities (entity_type)",
        // What each decision was asked, encrypted, so a candidate policy set can be replayed against it.
        """
        CREATE TABLE access_decisions (
            id TEXT PRIMARY KEY,
            decided_at BIGINT NOT NULL,
            policy_version BIGINT NOT NULL,
            decision TEXT NOT NULL,
            request BLOB NOT NULL,
            ledger_index BIGINT
        )
        """,
        "CREATE INDEX access_decisions_time ON access_decisions (decided_at)",
    ]

    /// The decision log keyed by time first: `(decided_at, id)` instead of the random event id, so a batch of
    /// decisions lands in the newest pages of the key instead of one random page per row (which made every
    /// batch rewrite pages all over a large table). The key also serves the time range that replays and
    /// pruning read.
    public static let version2: [String] = [
        "ALTER TABLE access_decisions RENAME TO access_decisions_v1",
        """
        CREATE TABLE access_decisions (
            id TEXT NOT NULL,
            decided_at BIGINT NOT NULL,
            policy_version BIGINT NOT NULL,
            decision TEXT NOT NULL,
            request BLOB NOT NULL,
            ledger_index BIGINT,
            PRIMARY KEY (decided_at, id)
        )
        """,
        """
        INSERT INTO access_decisions (id, decided_at, policy_version, decision, request, ledger_index)
        SELECT id, decided_at, policy_version, decision, request, ledger_index FROM access_decisions_v1
        """,
        "DROP TABLE access_decisions_v1",
    ]

    /// SQLite only: the decision log as an append-only rowid table with an index on time.
    ///
    /// Keyed by `(decided_at, id)`, each second's decisions went into the key in the random order of their
    /// ids, so a commit of a thousand decisions touched pages all over the second's part of the key. Rows now
    /// take the next rowid and the time index grows at its end; ids are unique by construction (random event
    /// ids) and need no index. PostgreSQL keeps version 2.
    public static let version3SQLite: [String] = [
        "ALTER TABLE access_decisions RENAME TO access_decisions_v2",
        """
        CREATE TABLE access_decisions (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL,
            decided_at BIGINT NOT NULL,
            policy_version BIGINT NOT NULL,
            decision TEXT NOT NULL,
            request BLOB NOT NULL,
            ledger_index BIGINT
        )
        """,
        """
        INSERT INTO access_decisions (id, decided_at, policy_version, decision, request, ledger_index)
        SELECT id, decided_at, policy_version, decision, request, ledger_index FROM access_decisions_v2
        ORDER BY decided_at, id
        """,
        "DROP TABLE access_decisions_v2",
        "CREATE INDEX access_decisions_time ON access_decisions (decided_at)",
    ]
}
