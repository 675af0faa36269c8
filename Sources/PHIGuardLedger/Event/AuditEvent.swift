import PHIGuardCore

/// One audited event, clinical or administrative, in the canonical form the ledger hashes (schema version 1).
///
/// The fields follow HIPAA.md section 6: who, what, when, where, the action, the outcome, the purpose of use
/// and break-the-glass. `canonicalJSON()` is the Merkle leaf; see `CanonicalJSON` for the byte rules and
/// `AuditEvent+Canonical.swift` for the member names.
public struct AuditEvent: Sendable, Hashable {
    /// The schema version this type writes and reads.
    public static let schemaVersion = 1

    /// Who acted.
    public struct Actor: Sendable, Hashable {
        /// The acting user's id.
        public var userID: String
        /// The role the user acted in.
        public var role: String?
        /// The user on whose behalf the action was done (a scribe for a physician), if any.
        public var onBehalfOf: String?

        /// Creates an actor.
        public init(userID: String, role: String? = nil, onBehalfOf: String? = nil) {
            self.userID = userID
            self.role = role
            self.onBehalfOf = onBehalfOf
        }
    }

    /// The thing acted on.
    public struct Resource: Sendable, Hashable {
        /// The kind of resource, for example a FHIR resource type or `api_token`.
        public var type: String
        /// Its id.
        public var id: String

        /// Creates a resource reference.
        public init(type: String, id: String) {
            self.type = type
            self.id = id
        }
    }

    /// How the action ended.
    public struct Outcome: Sendable, Hashable {
        /// Whether the action succeeded.
        public var succeeded: Bool
        /// Why, in words safe to keep (required for a failure).
        public var reason: String?

        /// A success.
        public static let success = Outcome(succeeded: true, reason: nil)
        /// A failure with its reason.
        public static func failure(_ reason: String) -> Outcome { Outcome(succeeded: false, reason: reason) }

        /// Creates an outcome.
        public init(succeeded: Bool, reason: String? = nil) {
            self.succeeded = succeeded
            self.reason = reason
        }
    }

    /// The event's unique id.
    public var id: String
    /// The family of the event.
    public var eventClass: AuditEventClass
    /// What was done.
    public var action: AuditAction
    /// Who did it.
    public var actor: Actor
    /// The patient whose PHI was involved, if any.
    public var patientID: String?
    /// The category of PHI involved (for example `demographics`, `mental-health`), if any.
    public var phiCategory: String?
    /// The resource acted on, if any.
    public var resource: Resource?
    /// How it ended.
    public var outcome: Outcome
    /// Why PHI was accessed, if it was.
    public var purposeOfUse: PurposeOfUse?
    /// The justification given for breaking the glass; present exactly when the glass was broken.
    public var breakTheGlassJustification: String?
    /// The network address the request came from.
    public var sourceAddress: String?
    /// The device used.
    public var deviceID: String?
    /// The facility where it happened.
    public var facility: String?
    /// When the source system says it happened.
    public var sourceTime: AuditTime?
    /// When PHIGuard received it.
    public var receivedTime: AuditTime
    /// Extra string facts that have no field of their own.
    public var details: [String: String]

    /// Creates an event.
    ///
    /// - Throws: `PHIGuardError` with code `.eventInvalid` when a required text is empty, a failure has no
    ///   reason, or a break-the-glass justification is empty.
    public init(
        id: String,
        eventClass: AuditEventClass,
        action: AuditAction,
        actor: Actor,
        patientID: String? = nil,
        phiCategory: String? = nil,
        resource: Resource? = nil,
        outcome: Outcome,
        purposeOfUse: PurposeOfUse? = nil,
        breakTheGlassJustification: String? = nil,
        sourceAddress: String? = nil,
        deviceID: String? = nil,
        facility: String? = nil,
        sourceTime: AuditTime? = nil,
        receivedTime: AuditTime,
        details: [String: String] = [:]
    ) throws {
        self.id = id
        self.eventClass = eventClass
        self.action = action
        self.actor = actor
        self.patientID = patientID
        self.phiCategory = phiCategory
        self.resource = resource
        self.outcome = outcome
        self.purposeOfUse = purposeOfUse
        self.breakTheGlassJustification = breakTheGlassJustification
        self.sourceAddress = sourceAddress
        self.deviceID = deviceID
        self.facility = facility
        self.sourceTime = sourceTime
        self.receivedTime = receivedTime
        self.details = details
        try validate()
    }

    /// Whether the user broke the glass (emergency access outside their usual rights).
    public var isBreakTheGlass: Bool { breakTheGlassJustification != nil }

    /// Checks the rules `init` enforces; call it after changing fields.
    ///
    /// - Throws: `PHIGuardError` with code `.eventInvalid` naming the broken rule.
    public func validate() throws {
        let required = [id, eventClass.rawValue, action.rawValue, actor.userID]
        guard required.allSatisfy({ !$0.isEmpty }) else {
            throw PHIGuardError(.eventInvalid, "an event needs an id, a class, an action and a user")
        }
        if let resource, resource.type.isEmpty || resource.id.isEmpty {
            throw PHIGuardError(.eventInvalid, "a resource needs a type and an id")
        }
        if !outcome.succeeded, outcome.reason?.isEmpty ?? true {
            throw PHIGuardError(.eventInvalid, "a failure needs a reason")
        }
        if let breakTheGlassJustification, breakTheGlassJustification.isEmpty {
            throw PHIGuardError(.eventInvalid, "breaking the glass needs a justification")
        }
    }
}
