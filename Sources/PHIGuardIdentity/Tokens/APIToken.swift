import Foundation

/// An API token for a machine client (the EHR, a SIEM collector). Its secret is never stored or shown again.
public struct APIToken: Sendable, Equatable, Codable {
    /// The public part of the token, safe to list and log.
    public var id: String
    /// What the token is for, chosen by the administrator.
    public var name: String
    public var scopes: [Scope]
    /// The user who created it.
    public var createdBy: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, scopes
        case createdBy = "created_by"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
        case lastUsedAt = "last_used_at"
    }

    /// Whether the token may be used at `now`.
    public func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }
}

/// What a token may do. Growable: a struct over a string.
public struct Scope: Sendable, Hashable, Codable, RawRepresentable {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Ask for access decisions.
    public static let authorize = Scope(rawValue: "authorize")
    /// Send audit events.
    public static let auditWrite = Scope(rawValue: "audit:write")
    /// Read the ledger, proofs and reports.
    public static let auditRead = Scope(rawValue: "audit:read")
    /// SCIM provisioning.
    public static let scim = Scope(rawValue: "scim")
    /// Read instance status.
    public static let statusRead = Scope(rawValue: "status:read")
    /// Create, list and revoke API tokens (for automation); a token can only grant scopes it holds itself.
    public static let tokensManage = Scope(rawValue: "tokens:manage")

    /// Store and activate policy versions, run dry runs, and keep the entity directory that decisions read.
    public static let policyManage = Scope(rawValue: "policy:manage")

    /// Open, work and close security incidents.
    public static let incidentManage = Scope(rawValue: "incident:manage")
    /// Open and document breach cases, sign determinations, generate notices and record them as sent.
    public static let breachManage = Scope(rawValue: "breach:manage")

    /// Every scope PHIGuard knows.
    public static let all: [Scope] = [
        .authorize, .auditWrite, .auditRead, .scim, .statusRead, .tokensManage, .policyManage, .incidentManage,
        .breachManage,
    ]
}
