import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardStore

/// Creates, lists, revokes and checks API tokens.
///
/// A token reads `phg_<id>_<secret>`: the id finds the row, the 256-bit secret is checked against its stored
/// SHA-256 in constant time. A slow hash is not needed: the secret is random, not chosen by a person.
public struct TokenService: Sendable {
    private let store: any Store
    private let clock: any WallClock
    private let cache: TokenCache

    /// - Parameter cacheLifetime: how long a verified token row is reused without a store read; a revocation
    ///   made on another node takes effect within this time. Zero turns the cache off.
    public init(store: any Store, clock: any WallClock = SystemWallClock(), cacheLifetime: TimeInterval = 2) {
        self.store = store
        self.clock = clock
        self.cache = TokenCache(lifetime: cacheLifetime)
    }

    /// Creates a token and returns it with its full text, which is shown once and never again.
    ///
    /// - Throws: `input.invalid` for an empty name, no scopes, an unknown scope or an expiry in the past.
    public func create(name: String, scopes: [Scope], expiresAt: Date?, createdBy: String) throws -> (
        token: APIToken, secret: String
    ) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(trimmed.count) else {
            throw PHIGuardError(.invalidInput, "a token name is 1 to 100 characters")
        }
        guard !scopes.isEmpty else { throw PHIGuardError(.invalidInput, "a token needs at least one scope") }
        if let unknown = scopes.first(where: { !Scope.all.contains($0) }) {
            throw PHIGuardError(.invalidInput, "unknown scope \(unknown.rawValue)")
        }
        let now = clock.now()
        if let expiresAt, expiresAt <= now { throw PHIGuardError(.invalidInput, "the expiry must be in the future") }
        let id = Identifier.random(bytes: 8)
        let secret = Base64URL.encode(SecureRandom.bytes(32))
        let token = APIToken(
            id: id, name: trimmed, scopes: scopes, createdBy: createdBy, createdAt: Self.seconds(now),
            expiresAt: expiresAt.map(Self.seconds))
        let scopeText = scopes.map(\.rawValue).joined(separator: " ")
        let hash = SHA256.hash(Array(secret.utf8))
        let expires = expiresAt.map { Int64($0.timeIntervalSince1970) }
        try store.write { connection in
            try connection.execute(
                """
                INSERT INTO api_tokens (id, name, secret_hash, scopes, created_by, created_at, expires_at)
                VALUES (\(id), \(trimmed), \(hash), \(scopeText), \(createdBy), \(Int64(now.timeIntervalSince1970)),
                    \(expires))
                """
            )
        }
        return (token, "phg_\(id)_\(secret)")
    }

    /// Every token, newest first, without secrets.
    public func list() throws -> [APIToken] {
        try store.read { try $0.query("SELECT * FROM api_tokens ORDER BY created_at DESC, id") }.map(decode)
    }

    /// Revokes a token; revoking twice is harmless.
    ///
    /// - Throws: `resource.not_found` for an unknown id.
    @discardableResult
    public func revoke(id: String) throws -> APIToken {
        let now = Int64(clock.now().timeIntervalSince1970)
        try store.write { connection in
            try connection.execute("UPDATE api_tokens SET revoked_at = \(now) WHERE id = \(id) AND revoked_at IS NULL")
        }
        cache.remove(id: id)
        guard let row = try store.read({ try $0.first("SELECT * FROM api_tokens WHERE id = \(id)") }) else {
            throw PHIGuardError(.notFound, "no token with this id")
        }
        return try decode(row)
    }

    /// The token a bearer secret belongs to, when it is valid, unexpired, unrevoked and holds `scope`.
    ///
    /// - Throws: `auth.unauthenticated` for an unknown, malformed, expired or revoked token; `auth.forbidden`
    ///   when the token lacks the scope.
    public func authenticate(_ text: String, requiring scope: Scope) throws -> APIToken {
        // phg_<16-character id>_<secret>, read as bytes: this runs on every machine request.
        let bytes = Array(text.utf8)
        let underscore = UInt8(ascii: "_")
        guard bytes.count <= 128, bytes.count > 21, bytes[..<4].elementsEqual("phg_".utf8), bytes[20] == underscore,
            !bytes[4..<20].contains(underscore)
        else {
            throw PHIGuardError(.unauthenticated, "the token is not valid")
        }
        let id = String(decoding: bytes[4..<20], as: UTF8.self)
        let now = clock.now()
        guard let entry = try cachedEntry(id: id, now: now),
            ConstantTime.equals(SHA256.hash(Array(bytes[21...])), entry.secretHash)
        else {
            throw PHIGuardError(.unauthenticated, "the token is not valid")
        }
        let token = entry.token
        guard token.isUsable(at: now) else { throw PHIGuardError(.unauthenticated, "the token is expired or revoked") }
        guard token.scopes.contains(scope) else {
            throw PHIGuardError(.forbidden, "the token lacks the scope \(scope.rawValue)")
        }
        return token
    }

    /// The stored row for a token id, from the cache when fresh.
    private func cachedEntry(id: String, now: Date) throws -> TokenCache.Entry? {
        if let entry = cache.entry(id: id, now: now) { return entry }
        guard let row = try store.read({ try $0.first("SELECT * FROM api_tokens WHERE id = \(id)") }) else {
            return nil
        }
        let entry = TokenCache.Entry(token: try decode(row), secretHash: try row.bytes("secret_hash"), fetchedAt: now)
        cache.store(entry)
        return entry
    }

    private func decode(_ row: Row) throws -> APIToken {
        func date(_ column: String) -> Date? {
            row.optionalInt(column).map { Date(timeIntervalSince1970: Double($0)) }
        }
        return APIToken(
            id: try row.string("id"),
            name: try row.string("name"),
            scopes: try row.string("scopes").split(separator: " ").map { Scope(rawValue: String($0)) },
            createdBy: try row.string("created_by"),
            createdAt: Date(timeIntervalSince1970: Double(try row.int("created_at"))),
            expiresAt: date("expires_at"),
            revokedAt: date("revoked_at"),
            lastUsedAt: date("last_used_at")
        )
    }

    private static func seconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}
