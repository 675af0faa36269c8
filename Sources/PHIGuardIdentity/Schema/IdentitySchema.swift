/// The tables identity owns. Portable SQL: `BIGINT` and `BLOB` (rendered `BYTEA` on PostgreSQL by the
/// migration builder); times are Unix seconds so both dialects compare them the same way.
public enum IdentitySchema {
    /// Users, console sessions and API tokens.
    public static let version1: [String] = [
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            display_name BLOB,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            must_change_password BIGINT NOT NULL,
            failed_attempts BIGINT NOT NULL DEFAULT 0,
            locked_until BIGINT,
            active BIGINT NOT NULL DEFAULT 1,
            created_at BIGINT NOT NULL,
            password_changed_at BIGINT
        )
        """,
        """
        CREATE TABLE sessions (
            token_hash BLOB PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id),
            csrf_token TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            last_seen_at BIGINT NOT NULL,
            remote_address TEXT NOT NULL
        )
        """,
        "CREATE INDEX sessions_user ON sessions(user_id)",
        """
        CREATE TABLE api_tokens (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            secret_hash BLOB NOT NULL,
            scopes TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT,
            revoked_at BIGINT,
            last_used_at BIGINT
        )
        """,
    ]
}
