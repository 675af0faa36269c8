/// The tables of breach response: incidents and breach cases.
///
/// Each row holds one document (the incident or the case as JSON) encrypted with the keyring, because its
/// narratives may describe patients; the plain columns hold only what listing needs (id, severity, status,
/// revision, times) and no PHI. `revision` guards against two writers overwriting each other.
public enum ComplianceSchema {
    /// The first version of the tables, appended to the server's migrations.
    public static let version1: [String] = [
        """
        CREATE TABLE incidents (
            id TEXT PRIMARY KEY,
            severity TEXT NOT NULL,
            status TEXT NOT NULL,
            revision BIGINT NOT NULL,
            opened_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            body BLOB NOT NULL
        )
        """,
        "CREATE INDEX incidents_opened ON incidents (opened_at)",
        """
        CREATE TABLE breach_cases (
            id TEXT PRIMARY KEY,
            incident_id TEXT,
            revision BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            body BLOB NOT NULL
        )
        """,
        "CREATE INDEX breach_cases_created ON breach_cases (created_at)",
    ]
}
