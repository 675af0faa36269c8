/// The facts of a breach case that decide whether it is reportable and when each notice is due.
///
/// This is the contract of `phiguard breach plan`: one JSON object with the snake_case fields documented on each
/// property. ``init(json:today:)`` reads and validates it; ``BreachClock`` turns it into a ``BreachPlan``.
public struct BreachClockInput: Sendable, Hashable {
    /// `discovered_on`: the first day the breach was known, or would have been with reasonable diligence, to
    /// whoever discovered it (45 CFR 164.404(a)(2)).
    public var discoveredOn: CalendarDate
    /// `discovered_by`: `covered_entity` or `business_associate`.
    public var discoveredBy: Discoverer
    /// `ba_is_agent`: whether the business associate that discovered the breach acts as the covered entity's
    /// agent, which makes its discovery the covered entity's. Required when a business associate discovered it.
    public var baIsAgent: Bool
    /// `ba_contract_days`: a business associate agreement's limit for telling the covered entity, when it is
    /// shorter than the 60 days of 164.410(b); `nil` when the agreement sets none.
    public var baContractDays: Int?
    /// `ce_notified_on`: when a business associate that is not an agent told the covered entity; `nil` while it
    /// has not, which leaves the covered entity's deadlines pending.
    public var ceNotifiedOn: CalendarDate?
    /// `affected_by_state`: affected individuals by the USPS code of their State or territory of residence.
    public var affectedByState: [String: Int]
    /// `unknown_contact_count`: affected individuals without current contact information (164.404(d)(2)).
    public var unknownContactCount: Int
    /// `exception`: one of the three exceptions of 164.402(1), or `nil`.
    public var exception: BreachException?
    /// `safe_harbor`: the facts about encryption, or `nil` when the PHI was not encrypted.
    public var safeHarbor: SafeHarborFacts?
    /// `risk_assessment`: the outcome of the four-factor assessment of 164.402(2), or `nil` when none is
    /// documented.
    public var riskAssessment: RiskAssessmentOutcome?
    /// `law_enforcement_delay`: a statement under 164.412, or `nil`.
    public var lawEnforcementDelay: LawEnforcementDelay?
    /// Whether the PHI was destroyed per NIST SP 800-88 before the incident, the other way PHI is secured.
    ///
    /// Not part of the CLI contract, which has no field for it: stored breach cases set it from their
    /// safe-harbor determination. It leads to the `safe_harbor` basis like qualifying encryption does.
    public var phiDestroyed = false

    /// Creates input from values; ``validationProblems(today:)`` checks it as the JSON reader would.
    public init(
        discoveredOn: CalendarDate,
        discoveredBy: Discoverer,
        baIsAgent: Bool = false,
        baContractDays: Int? = nil,
        ceNotifiedOn: CalendarDate? = nil,
        affectedByState: [String: Int],
        unknownContactCount: Int = 0,
        exception: BreachException? = nil,
        safeHarbor: SafeHarborFacts? = nil,
        riskAssessment: RiskAssessmentOutcome? = nil,
        lawEnforcementDelay: LawEnforcementDelay? = nil
    ) {
        self.discoveredOn = discoveredOn
        self.discoveredBy = discoveredBy
        self.baIsAgent = baIsAgent
        self.baContractDays = baContractDays
        self.ceNotifiedOn = ceNotifiedOn
        self.affectedByState = affectedByState
        self.unknownContactCount = unknownContactCount
        self.exception = exception
        self.safeHarbor = safeHarbor
        self.riskAssessment = riskAssessment
        self.lawEnforcementDelay = lawEnforcementDelay
    }

    /// The number of affected individuals in every State together.
    public var totalAffected: Int {
        affectedByState.values.reduce(0, +)
    }
}

/// Who discovered the breach.
public enum Discoverer: String, Sendable, Hashable, Codable, CaseIterable {
    case coveredEntity = "covered_entity"
    case businessAssociate = "business_associate"
}

/// The three exceptions to the definition of breach in 45 CFR 164.402(1).
public enum BreachException: String, Sendable, Hashable, Codable, CaseIterable {
    /// (i) Unintentional acquisition, access or use by a workforce member or person acting under the authority
    /// of the covered entity or business associate, in good faith and within the scope of authority, not
    /// further used or disclosed impermissibly.
    case goodFaithWorkforce = "good_faith_workforce"
    /// (ii) Inadvertent disclosure by a person authorized to access PHI to another person authorized at the
    /// same covered entity, business associate or organized health care arrangement, not further misused.
    case inadvertentInternal = "inadvertent_internal"
    /// (iii) A good-faith belief that the unauthorized recipient could not reasonably have retained the PHI.
    case unableToRetain = "unable_to_retain"
}

/// What is known about the encryption of the PHI, for the safe harbor of 164.402 ("unsecured PHI").
public struct SafeHarborFacts: Sendable, Hashable {
    /// `encrypted`: the PHI was encrypted.
    public var encrypted: Bool
    /// `standard_met`: the encryption met the HHS guidance (NIST SP 800-111 at rest; SP 800-52, 800-77 or
    /// 800-113 in motion).
    public var standardMet: Bool
    /// `key_compromised`: the key was compromised, or was not kept apart from the data.
    public var keyCompromised: Bool

    /// Creates the facts.
    public init(encrypted: Bool, standardMet: Bool, keyCompromised: Bool) {
        self.encrypted = encrypted
        self.standardMet = standardMet
        self.keyCompromised = keyCompromised
    }

    /// Whether the PHI counts as secured: encrypted to the standard with a key that was not compromised.
    public var securesPHI: Bool {
        encrypted && standardMet && !keyCompromised
    }
}

/// The conclusion of a documented four-factor risk assessment (164.402(2)).
public struct RiskAssessmentOutcome: Sendable, Hashable {
    /// `low_probability_of_compromise`: the assessment shows a low probability that the PHI was compromised.
    public var lowProbabilityOfCompromise: Bool

    /// Creates the outcome.
    public init(lowProbabilityOfCompromise: Bool) {
        self.lowProbabilityOfCompromise = lowProbabilityOfCompromise
    }
}
