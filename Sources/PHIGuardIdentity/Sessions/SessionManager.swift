import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardStore

/// A signed-in console session as a request sees it.
public struct Session: Sendable {
    public var user: User
    /// The token every form must carry back (synchronizer-token CSRF defence).
    public var csrfToken: String
}

/// Console sessions: random bearer tokens in a cookie, stored only as SHA-256 hashes, ended when idle.
public struct SessionManager: Sendable {
    private let store: any Store
    private let users: UserDirectory
    private let clock: any WallClock
    private let policy: SessionPolicy

    public init(store: any Store, users: UserDirectory, clock: any WallClock = SystemWallClock(), policy: SessionPolicy)
    {
        self.store = store
        self.users = users
        self.clock = clock
        self.policy = policy
    }

    /// The session policy in force, for cookie lifetimes.
    public var limits: SessionPolicy { policy }

    /// Starts a session and returns the cookie token (shown to the browser once, kept only hashed).
    public func start(userID: String, remoteAddress: String) throws -> (token: String, session: Session) {
        guard let user = try users.user(id: userID) else { throw PHIGuardError(.notFound, "no such user") }
        let token = Base64URL.encode(SecureRandom.bytes(32))
        let csrf = Base64URL.encode(SecureRandom.bytes(32))
        let now = Int64(clock.now().timeIntervalSince1970)
        let hash = SHA256.hash(Array(token.utf8))
        try store.write { connection in
            try connection.execute(
                """
                INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, remote_address)
                VALUES (\(hash), \(userID), \(csrf), \(now), \(now), \(remoteAddress))
                """
            )
        }
        return (token, Session(user: user, csrfToken: csrf))
    }

    /// The session for a cookie token, touching its idle timer; nil when unknown, idle too long or too old.
    public func resume(token: String) throws -> Session? {
        guard !token.isEmpty, token.utf8.count <= 128 else { return nil }
        let hash = SHA256.hash(Array(token.utf8))
        guard let row = try store.read({ try $0.first("SELECT * FROM sessions WHERE token_hash = \(hash)") }) else {
            return nil
        }
        let now = clock.now()
        let created = Date(timeIntervalSince1970: Double(try row.int("created_at")))
        let lastSeen = Date(timeIntervalSince1970: Double(try row.int("last_seen_at")))
        guard policy.isValid(createdAt: created, lastSeenAt: lastSeen, now: now) else {
            try end(token: token)
            return nil
        }
        guard let user = try users.user(id: try row.string("user_id")), user.isActive else { return nil }
        let seconds = Int64(now.timeIntervalSince1970)
        try store.write { connection in
            try connection.execute("UPDATE sessions SET last_seen_at = \(seconds) WHERE token_hash = \(hash)")
        }
        return Session(user: user, csrfToken: try row.string("csrf_token"))
    }

    /// Ends one session (sign-out).
    public func end(token: String) throws {
        let hash = SHA256.hash(Array(token.utf8))
        try store.write { try $0.execute("DELETE FROM sessions WHERE token_hash = \(hash)") }
    }

    /// Ends every session of a user, after a password change or deactivation.
    public func endAll(userID: String) throws {
        try store.write { try $0.execute("DELETE FROM sessions WHERE user_id = \(userID)") }
    }
}
