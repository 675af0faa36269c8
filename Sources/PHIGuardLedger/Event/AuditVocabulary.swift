/// What was done: clinical actions on PHI and administrative actions, as dotted lowercase codes.
///
/// A struct over a string, so new actions need no schema change and break no caller.
public struct AuditAction: RawRepresentable, Sendable, Hashable {
    /// The code, for example `view` or `token.revoke`.
    public let rawValue: String
    /// Creates an action from its code.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// PHI was displayed.
    public static let view = Self(rawValue: "view")
    /// PHI was created.
    public static let create = Self(rawValue: "create")
    /// PHI was changed.
    public static let update = Self(rawValue: "update")
    /// PHI was deleted.
    public static let delete = Self(rawValue: "delete")
    /// PHI left the system (download, transfer).
    public static let export = Self(rawValue: "export")
    /// PHI was printed.
    public static let print = Self(rawValue: "print")
    /// PHI was searched.
    public static let query = Self(rawValue: "query")
    /// A configuration value changed.
    public static let configChange = Self(rawValue: "config.change")
    /// An API token was created.
    public static let tokenCreate = Self(rawValue: "token.create")
    /// An API token was revoked.
    public static let tokenRevoke = Self(rawValue: "token.revoke")
    /// A sign-in succeeded.
    public static let signinSuccess = Self(rawValue: "signin.success")
    /// A sign-in failed.
    public static let signinFailure = Self(rawValue: "signin.failure")
    /// A second factor was asked for.
    public static let mfaChallenge = Self(rawValue: "mfa.challenge")
    /// An account was locked.
    public static let accountLock = Self(rawValue: "account.lock")
    /// A user's roles or privileges changed.
    public static let privilegeChange = Self(rawValue: "privilege.change")
    /// A key was rotated.
    public static let keyRotate = Self(rawValue: "key.rotate")
    /// A policy set was activated.
    public static let policyActivate = Self(rawValue: "policy.activate")
    /// A policy version was stored (not yet deciding).
    public static let policyCreate = Self(rawValue: "policy.create")
}

/// The family an event belongs to, so clinical and administrative events share one schema.
public struct AuditEventClass: RawRepresentable, Sendable, Hashable {
    /// The code, for example `phi.access`.
    public let rawValue: String
    /// Creates a class from its code.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Access to PHI: the clinical actions.
    public static let phiAccess = Self(rawValue: "phi.access")
    /// Sign-in, second factors and lockouts.
    public static let authentication = Self(rawValue: "authentication")
    /// Accounts, roles and privileges.
    public static let accountManagement = Self(rawValue: "account.management")
    /// Configuration, policies, keys and tokens.
    public static let administration = Self(rawValue: "administration")
    /// An access decision PHIGuard made for the EHR: the action is the one asked about, the outcome says
    /// whether it was allowed.
    public static let accessDecision = Self(rawValue: "access.decision")
}

/// Why PHI was accessed, as an HL7 v3 PurposeOfUse code.
public struct PurposeOfUse: RawRepresentable, Sendable, Hashable {
    /// The HL7 code, for example `TREAT`.
    public let rawValue: String
    /// Creates a purpose from its code.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Treatment.
    public static let treatment = Self(rawValue: "TREAT")
    /// Emergency treatment.
    public static let emergencyTreatment = Self(rawValue: "ETREAT")
    /// Break the glass.
    public static let breakTheGlass = Self(rawValue: "BTG")
    /// Payment.
    public static let payment = Self(rawValue: "HPAYMT")
    /// Health care operations.
    public static let operations = Self(rawValue: "HOPERAT")
    /// Research.
    public static let research = Self(rawValue: "HRESCH")
    /// Public health.
    public static let publicHealth = Self(rawValue: "PUBHLTH")
    /// System administration.
    public static let systemAdministration = Self(rawValue: "HSYSADMIN")
    /// At the patient's request.
    public static let patientRequest = Self(rawValue: "PATRQT")
    /// Legal.
    public static let legal = Self(rawValue: "HLEGAL")
}
