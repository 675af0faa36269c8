import Foundation
import PHIGuardCore
import PHIGuardPolicy
import PHIGuardStore
import Synchronization

/// The stored policy versions and which one decides.
///
/// Versions are immutable once stored; a change is a new version. Activating validates the version against
/// its schema first, so the active set always validates. The active set is kept parsed in memory and
/// re-read when another node activates a different version (checked at most once a second).
public final class PolicyLibrary: Sendable {
    private let store: any Store
    private let clock: any WallClock
    private let active = Mutex<(checkedAt: Date, compiled: CompiledPolicies)?>(nil)

    public init(store: any Store, clock: any WallClock = SystemWallClock()) {
        self.store = store
        self.clock = clock
    }

    /// Stores the HIPAA pack as version 1 and activates it when no version exists yet.
    /// - Returns: the version created, or nil when versions already existed.
    @discardableResult
    public func installDefaultIfEmpty(createdBy: String) throws -> PolicyVersion? {
        guard try store.read({ try $0.first("SELECT version FROM policy_versions LIMIT 1") }) == nil else {
            return nil
        }
        let (version, problems) = try create(
            policies: HIPAAPolicyPack.policies, schema: HIPAAPolicyPack.schema,
            comment: "HIPAA policy pack shipped with PHIGuard", createdBy: createdBy)
        guard problems.isEmpty else {
            throw PHIGuardError(.internalError, "the shipped policy pack does not validate: \(problems[0])")
        }
        try activate(version.version, by: createdBy)
        return version
    }

    /// Stores a new version. It need not validate to be stored, only to be activated.
    ///
    /// - Returns: the version and its validation problems.
    /// - Throws: `PolicyTextError` when the policies or schema do not parse; `input.invalid` for a comment over
    ///   500 characters.
    public func create(policies: String, schema: String, comment: String, createdBy: String) throws -> (
        PolicyVersion, [PolicyProblem]
    ) {
        guard comment.count <= 500 else { throw PHIGuardError(.invalidInput, "a comment is at most 500 characters") }
        let (_, problems) = try CompiledPolicies.compile(version: 0, policies: policies, schema: schema)
        let now = clock.now()
        let seconds = Int64(now.timeIntervalSince1970)
        let number = try store.write { connection in
            let next = try connection.first("SELECT COALESCE(MAX(version), 0) + 1 AS next FROM policy_versions")
            let number = try next?.int("next") ?? 1
            try connection.execute(
                """
                INSERT INTO policy_versions (version, policies, schema_text, comment, created_by, created_at)
                VALUES (\(number), \(policies), \(schema), \(comment), \(createdBy), \(seconds))
                """)
            return number
        }
        let version = PolicyVersion(
            version: Int(number), policies: policies, schema: schema, comment: comment, createdBy: createdBy,
            createdAt: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return (version, problems)
    }

    /// Every version, newest first.
    public func list() throws -> [PolicyVersion] {
        try store.read { try $0.query("SELECT * FROM policy_versions ORDER BY version DESC") }.map(Self.decode)
    }

    /// One version.
    /// - Throws: `resource.not_found` for an unknown version.
    public func version(_ number: Int) throws -> PolicyVersion {
        let row = try store.read {
            try $0.first("SELECT * FROM policy_versions WHERE version = \(Int64(number))")
        }
        guard let row else { throw PHIGuardError(.notFound, "no policy version \(number)") }
        return try Self.decode(row)
    }

    /// The number of the active version, if any was activated.
    public func activeVersionNumber() throws -> Int? {
        let row = try store.read {
            try $0.first("SELECT version FROM policy_activations ORDER BY seq DESC LIMIT 1")
        }
        return try row.map { Int(try $0.int("version")) }
    }

    /// The latest activation, which names the active version; nil when none was ever activated.
    public func latestActivation() throws -> PolicyActivation? {
        let row = try store.read {
            try $0.first("SELECT version, activated_by, activated_at FROM policy_activations ORDER BY seq DESC LIMIT 1")
        }
        return try row.map { row in
            PolicyActivation(
                version: Int(try row.int("version")), activatedBy: try row.string("activated_by"),
                activatedAt: Date(timeIntervalSince1970: TimeInterval(try row.int("activated_at"))))
        }
    }

    /// Makes a version the one that decides, after validating it against its schema.
    ///
    /// - Throws: `PolicyActivationError` with the problems when it does not validate; `resource.not_found`
    ///   for an unknown version.
    @discardableResult
    public func activate(_ number: Int, by actor: String) throws -> CompiledPolicies {
        let stored = try version(number)
        let (compiled, problems) = try CompiledPolicies.compile(
            version: number, policies: stored.policies, schema: stored.schema)
        guard problems.isEmpty else { throw PolicyActivationError(version: number, problems: problems) }
        let now = clock.now()
        try store.write { connection in
            let next = try connection.first("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM policy_activations")
            try connection.execute(
                """
                INSERT INTO policy_activations (seq, version, activated_by, activated_at)
                VALUES (\(try next?.int("next") ?? 1), \(Int64(number)), \(actor), \(Int64(now.timeIntervalSince1970)))
                """)
        }
        active.withLock { $0 = (now, compiled) }
        return compiled
    }

    /// The active policies, parsed.
    /// - Throws: `policy.none_active` when no version was ever activated.
    public func current() throws -> CompiledPolicies {
        let now = clock.now()
        if let cached = active.withLock({ $0 }), now.timeIntervalSince(cached.checkedAt) < 1 {
            return cached.compiled
        }
        guard let number = try activeVersionNumber() else {
            throw PHIGuardError(.noActivePolicy, "no policy version is active")
        }
        if let cached = active.withLock({ $0 }), cached.compiled.version == number {
            active.withLock { $0 = (now, cached.compiled) }
            return cached.compiled
        }
        let stored = try version(number)
        let compiled = try CompiledPolicies.compile(version: number, policies: stored.policies, schema: stored.schema).0
        active.withLock { $0 = (now, compiled) }
        return compiled
    }

    /// A stored version parsed, whether or not it validates; for dry runs.
    public func compiled(_ number: Int) throws -> (CompiledPolicies, [PolicyProblem]) {
        let stored = try version(number)
        return try CompiledPolicies.compile(version: number, policies: stored.policies, schema: stored.schema)
    }

    private static func decode(_ row: Row) throws -> PolicyVersion {
        PolicyVersion(
            version: Int(try row.int("version")), policies: try row.string("policies"),
            schema: try row.string("schema_text"), comment: try row.string("comment"),
            createdBy: try row.string("created_by"),
            createdAt: Date(timeIntervalSince1970: TimeInterval(try row.int("created_at"))))
    }
}

/// A version that cannot be activated because it does not validate against its schema.
public struct PolicyActivationError: Error, Sendable, CustomStringConvertible {
    public var version: Int
    public var problems: [PolicyProblem]
    public var description: String { "policy version \(version) does not validate: \(problems.count) problem(s)" }
}

extension PHIGuardError.Code {
    /// No policy version has been activated, so no decision can be made.
    public static let noActivePolicy = PHIGuardError.Code("policy.none_active")
}
