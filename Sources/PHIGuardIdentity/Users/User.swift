import Foundation

/// A person who signs in to PHIGuard's console: an administrator, privacy officer or auditor.
public struct User: Sendable, Equatable, Codable {
    public var id: String
    /// The unique sign-in name (164.312(a)(2)(i) unique user identification).
    public var username: String
    /// The person's name; stored encrypted.
    public var displayName: String
    public var role: Role
    /// True until the user replaces a one-time password.
    public var mustChangePassword: Bool
    public var isActive: Bool
    public var createdAt: Date

    public init(
        id: String,
        username: String,
        displayName: String,
        role: Role,
        mustChangePassword: Bool,
        isActive: Bool,
        createdAt: Date
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.mustChangePassword = mustChangePassword
        self.isActive = isActive
        self.createdAt = createdAt
    }
}

/// A console role. A struct over a string so roles can be added without breaking callers.
public struct Role: Sendable, Hashable, Codable, RawRepresentable {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Full administration of PHIGuard itself.
    public static let securityAdministrator = Role(rawValue: "security_administrator")
    /// Privacy and compliance work.
    public static let privacyOfficer = Role(rawValue: "privacy_officer")
    /// Read-only access to reports and the ledger.
    public static let auditor = Role(rawValue: "auditor")

    /// The roles PHIGuard knows.
    public static let all: [Role] = [.securityAdministrator, .privacyOfficer, .auditor]
}
