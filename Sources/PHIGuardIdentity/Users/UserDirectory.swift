import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardStore

/// Console users: creation, the bootstrap administrator, sign-in with lockout, and password changes.
public struct UserDirectory: Sendable {
    private let store: any Store
    private let keyring: Keyring
    private let clock: any WallClock
    private let lockout: LockoutPolicy
    private let passwordCost: PasswordHash.Cost

    /// The column context under which display names are encrypted; a ciphertext moved elsewhere fails.
    static let displayNameContext = "users.display_name"

    public init(
        store: any Store,
        keyring: Keyring,
        clock: any WallClock = SystemWallClock(),
        lockout: LockoutPolicy = LockoutPolicy(),
        passwordCost: PasswordHash.Cost = .interactive
    ) {
        self.store = store
        self.keyring = keyring
        self.clock = clock
        self.lockout = lockout
        self.passwordCost = passwordCost
    }

    /// Creates a user. The password is stored only as a scrypt hash.
    ///
    /// - Throws: `input.invalid` for a bad username or weak password, `resource.conflict` when the name is taken.
    @discardableResult
    public func create(
        username: String,
        displayName: String,
        role: Role,
        password: String,
        mustChangePassword: Bool
    ) throws -> User {
        try Self.validate(username: username)
        try PasswordRules.check(password)
        let user = User(
            id: Identifier.random(),
            username: username,
            displayName: displayName,
            role: role,
            mustChangePassword: mustChangePassword,
            isActive: true,
            createdAt: clock.now()
        )
        let hash = try PasswordHash.make(password: password, cost: passwordCost)
        let name = try keyring.encryptString(displayName, context: Self.displayNameContext)
        let created = Int64(user.createdAt.timeIntervalSince1970)
        do {
            try store.write { connection in
                try connection.execute(
                    """
                    INSERT INTO users (id, username, display_name, role, password_hash, must_change_password,
                        failed_attempts, active, created_at)
                    VALUES (\(user.id), \(username), \(name), \(role.rawValue), \(hash), \(mustChangePassword),
                        0, 1, \(created))
                    """
                )
            }
        } catch let error as PHIGuardError where error.code == .constraint {
            throw PHIGuardError(.conflict, "a user with this username already exists")
        }
        return user
    }

    /// Creates the first administrator when the instance has no users, with a one-time password that must be
    /// changed at first sign-in. Returns nil when users already exist.
    ///
    /// The password is returned once, for the operator's terminal, and kept nowhere but as a hash.
    public func bootstrapAdministratorIfNeeded() throws -> (user: User, oneTimePassword: String)? {
        let count = try store.read { try $0.first("SELECT COUNT(*) AS n FROM users")?.int("n") ?? 0 }
        guard count == 0 else { return nil }
        let password = PasswordRules.generate()
        let user = try create(
            username: "admin",
            displayName: "Bootstrap administrator",
            role: .securityAdministrator,
            password: password,
            mustChangePassword: true
        )
        return (user, password)
    }

    /// Finds an active or inactive user by id.
    public func user(id: String) throws -> User? {
        try store.read { try $0.first("SELECT * FROM users WHERE id = \(id)") }.map(decode)
    }

    /// Every user, ordered by username.
    public func all() throws -> [User] {
        try store.read { try $0.query("SELECT * FROM users ORDER BY username") }.map(decode)
    }

    /// Checks a username and password, counting failures and locking the account per the lockout policy.
    ///
    /// Unknown usernames cost the same hash work as known ones, so timing does not reveal which names exist.
    public func signIn(username: String, password: String) throws -> SignInOutcome {
        let now = clock.now()
        guard let row = try store.read({ try $0.first("SELECT * FROM users WHERE username = \(username)") }) else {
            _ = PasswordHash.verify(password: password, against: Self.decoyHash)
            return .rejected
        }
        let id = try row.string("id")
        if let until = row.optionalInt("locked_until"), Double(until) > now.timeIntervalSince1970 {
            return .locked(until: Date(timeIntervalSince1970: Double(until)))
        }
        guard PasswordHash.verify(password: password, against: try row.string("password_hash")),
            row.optionalInt("active") == 1
        else {
            return try recordFailure(userID: id, previous: Int(row.optionalInt("failed_attempts") ?? 0), now: now)
        }
        try store.write { connection in
            try connection.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = \(id)")
        }
        return .accepted(try decode(row))
    }

    /// Replaces a password after checking the current one. Clears `mustChangePassword`.
    ///
    /// - Throws: `auth.unauthenticated` when the current password is wrong; `input.invalid` for a weak or
    ///   unchanged new password.
    public func changePassword(userID: String, current: String, new: String) throws {
        guard let row = try store.read({ try $0.first("SELECT password_hash FROM users WHERE id = \(userID)") }),
            PasswordHash.verify(password: current, against: try row.string("password_hash"))
        else {
            throw PHIGuardError(.unauthenticated, "the current password is not correct")
        }
        guard current != new else { throw PHIGuardError(.invalidInput, "the new password must differ from the old") }
        try PasswordRules.check(new)
        let hash = try PasswordHash.make(password: new, cost: passwordCost)
        let now = Int64(clock.now().timeIntervalSince1970)
        try store.write { connection in
            try connection.execute(
                """
                UPDATE users SET password_hash = \(hash), must_change_password = 0, password_changed_at = \(now)
                WHERE id = \(userID)
                """
            )
        }
    }

    private func recordFailure(userID: String, previous: Int, now: Date) throws -> SignInOutcome {
        let next = lockout.afterFailure(previousFailures: previous, at: now)
        let until = next.lockedUntil.map { Int64($0.timeIntervalSince1970) }
        try store.write { connection in
            try connection.execute(
                "UPDATE users SET failed_attempts = \(next.failures), locked_until = \(until) WHERE id = \(userID)"
            )
        }
        if let lockedUntil = next.lockedUntil { return .lockedNow(userID: userID, until: lockedUntil) }
        return .rejected
    }

    private func decode(_ row: Row) throws -> User {
        let sealed = try row.bytes("display_name")
        return User(
            id: try row.string("id"),
            username: try row.string("username"),
            displayName: try keyring.decryptString(sealed, context: Self.displayNameContext),
            role: Role(rawValue: try row.string("role")),
            mustChangePassword: try row.int("must_change_password") != 0,
            isActive: try row.int("active") != 0,
            createdAt: Date(timeIntervalSince1970: Double(try row.int("created_at")))
        )
    }

    private static func validate(username: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-@")
        guard (2...64).contains(username.count), username.allSatisfy({ allowed.contains($0) }) else {
            throw PHIGuardError(
                .invalidInput, "a username is 2 to 64 characters of a-z, 0-9, dot, underscore, hyphen and @"
            )
        }
    }

    /// A hash of a random password, verified against when the username is unknown to spend equal time.
    private static let decoyHash: String = {
        (try? PasswordHash.make(password: Identifier.random(), cost: .interactive)) ?? ""
    }()
}

/// What a sign-in attempt came to.
public enum SignInOutcome: Sendable, Equatable {
    case accepted(User)
    /// Wrong username or password; which of the two is never said.
    case rejected
    /// This failure locked the account.
    case lockedNow(userID: String, until: Date)
    /// The account was already locked.
    case locked(until: Date)
}
