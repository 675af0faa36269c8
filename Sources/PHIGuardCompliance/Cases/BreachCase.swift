import Foundation

/// A breach case: an incident involving PHI worked through the determination of 45 CFR 164.402 and the
/// notices of 164.404 to 164.410.
///
/// The case keeps the facts the clock engine reads, the documentation that supports the determination
/// (exception rationale, safe-harbor evidence, the four-factor assessment), the signed determination, the
/// content of the notices, and a record of each notice sent. The store keeps it encrypted as a whole: the
/// narratives may describe patients.
public struct BreachCase: Sendable, Hashable {
    /// The case id, `brc_` and 16 hexadecimal digits.
    public var id: String
    /// The facts and documentation, as the caller last set them.
    public var fields: BreachCaseFields
    /// The signed determination; `nil` until signed, and again after the facts change.
    public var determination: SignedDetermination?
    /// The notices recorded as sent, in the order recorded.
    public var notices: [NoticeRecord]
    /// When the case was opened here.
    public var createdAt: Date
    /// Who opened it: a console user or `token:<id>`.
    public var createdBy: String
    /// Every change, oldest first.
    public var timeline: [TimelineEntry]
    /// Increases with every change, so two writers cannot overwrite each other.
    public var revision: Int
}

extension BreachCase: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, determination, notices, timeline, revision
        case createdAt = "created_at"
        case createdBy = "created_by"
    }

    /// The case's own members and its fields' members side by side in one object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        fields = try BreachCaseFields(from: decoder)
        determination = try container.decodeIfPresent(SignedDetermination.self, forKey: .determination)
        notices = try container.decode([NoticeRecord].self, forKey: .notices)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        createdBy = try container.decode(String.self, forKey: .createdBy)
        timeline = try container.decode([TimelineEntry].self, forKey: .timeline)
        revision = try container.decode(Int.self, forKey: .revision)
    }

    public func encode(to encoder: any Encoder) throws {
        try fields.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(determination, forKey: .determination)
        try container.encode(notices, forKey: .notices)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(createdBy, forKey: .createdBy)
        try container.encode(timeline, forKey: .timeline)
        try container.encode(revision, forKey: .revision)
    }
}

/// A claimed exception of 164.402(1) and why it applies.
public struct ExceptionClaim: Sendable, Hashable, Codable {
    /// Which exception.
    public var kind: BreachException
    /// Why it applies: who accessed what, in what role, and what happened next.
    public var rationale: String
}

/// The safe-harbor determination: the PHI was secured by encryption or by destruction, with evidence.
public struct SafeHarborDetermination: Sendable, Hashable, Codable {
    /// How the PHI was secured.
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        case encryption, destruction
    }

    /// How the PHI was secured.
    public var method: Method
    /// For encryption: the guidance the encryption follows, one of ``acceptedEncryptionStandards`` to qualify.
    public var encryptionStandard: String?
    /// For encryption: whether the key was compromised.
    public var keyCompromised: Bool?
    /// For encryption: whether the key was kept apart from the data (not on the same device or in the backup).
    public var keyStoredApart: Bool?
    /// For destruction: the guidance followed; only NIST SP 800-88 qualifies (redaction does not).
    public var destructionStandard: String?
    /// What shows it: a key management record, a certificate of destruction, a device inventory entry.
    public var evidence: String

    /// The encryption guidance HHS names: SP 800-111 for data at rest; SP 800-52, 800-77 and 800-113 in motion.
    public static let acceptedEncryptionStandards = [
        "NIST SP 800-111", "NIST SP 800-52", "NIST SP 800-77", "NIST SP 800-113",
    ]
    /// The destruction guidance HHS names.
    public static let acceptedDestructionStandard = "NIST SP 800-88"

    /// The facts the clock engine reads. A key not kept apart from the data counts as compromised: whoever
    /// has the data has the key.
    var engineFacts: (encryption: SafeHarborFacts?, destroyed: Bool) {
        switch method {
        case .encryption:
            let standardMet = encryptionStandard.map(Self.acceptedEncryptionStandards.contains) ?? false
            let compromised = keyCompromised != false || keyStoredApart != true
            return (SafeHarborFacts(encrypted: true, standardMet: standardMet, keyCompromised: compromised), false)
        case .destruction:
            return (nil, destructionStandard == Self.acceptedDestructionStandard)
        }
    }

    enum CodingKeys: String, CodingKey {
        case method, evidence
        case encryptionStandard = "encryption_standard"
        case keyCompromised = "key_compromised"
        case keyStoredApart = "key_stored_apart"
        case destructionStandard = "destruction_standard"
    }
}

/// The risk assessment of 164.402(2): a rating and a narrative for each of the four factors, the conclusion,
/// and who made it.
public struct FourFactorAssessment: Sendable, Hashable, Codable {
    /// How much a factor raises the probability that the PHI was compromised.
    public enum Rating: String, Sendable, Hashable, Codable, CaseIterable {
        case low, medium, high
    }

    /// One factor's rating and the reasoning behind it.
    public struct Factor: Sendable, Hashable, Codable {
        /// How much the factor raises the probability of compromise.
        public var rating: Rating
        /// The reasoning and the facts behind the rating.
        public var narrative: String
    }

    /// (i) The nature and extent of the PHI: types of identifiers, likelihood of re-identification.
    public var natureAndExtent: Factor
    /// (ii) The unauthorized person who used the PHI or to whom it was disclosed.
    public var unauthorizedPerson: Factor
    /// (iii) Whether the PHI was actually acquired or viewed.
    public var acquiredOrViewed: Factor
    /// (iv) The extent to which the risk has been mitigated.
    public var mitigation: Factor
    /// The assessor's conclusion.
    public var lowProbabilityOfCompromise: Bool
    /// The named person who made the assessment.
    public var assessedBy: String

    /// The factors in the regulation's order, with their contract names.
    public var factors: [(name: String, factor: Factor)] {
        [
            ("nature_and_extent", natureAndExtent), ("unauthorized_person", unauthorizedPerson),
            ("acquired_or_viewed", acquiredOrViewed), ("mitigation", mitigation),
        ]
    }

    enum CodingKeys: String, CodingKey {
        case mitigation
        case natureAndExtent = "nature_and_extent"
        case unauthorizedPerson = "unauthorized_person"
        case acquiredOrViewed = "acquired_or_viewed"
        case lowProbabilityOfCompromise = "low_probability_of_compromise"
        case assessedBy = "assessed_by"
    }
}

/// A law-enforcement statement as recorded: the clock facts and the official who made it (164.412 asks for
/// the official's identity when the statement is oral).
public struct LawEnforcementDelayRecord: Sendable, Hashable, Codable {
    /// The statement as the clock engine reads it.
    public var delay: LawEnforcementDelay
    /// The official's name and agency.
    public var official: String

    enum CodingKeys: String, CodingKey {
        case kind, official
        case statedOn = "stated_on"
        case until
        case writtenReceivedOn = "written_received_on"
        case writtenUntil = "written_until"
    }

    /// Records a statement and the official who made it.
    public init(delay: LawEnforcementDelay, official: String) {
        self.delay = delay
        self.official = official
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        official = try container.decode(String.self, forKey: .official)
        let statedOn = try container.decode(CalendarDate.self, forKey: .statedOn)
        if try container.decode(String.self, forKey: .kind) == "written" {
            delay = .written(statedOn: statedOn, until: try container.decode(CalendarDate.self, forKey: .until))
        } else {
            delay = .oral(
                statedOn: statedOn,
                writtenReceivedOn: try container.decodeIfPresent(CalendarDate.self, forKey: .writtenReceivedOn),
                writtenUntil: try container.decodeIfPresent(CalendarDate.self, forKey: .writtenUntil))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(official, forKey: .official)
        try container.encode(delay.statedOn, forKey: .statedOn)
        switch delay {
        case .written(_, let until):
            try container.encode("written", forKey: .kind)
            try container.encode(until, forKey: .until)
        case .oral(_, let receivedOn, let writtenUntil):
            try container.encode("oral", forKey: .kind)
            try container.encode(receivedOn, forKey: .writtenReceivedOn)
            try container.encode(writtenUntil, forKey: .writtenUntil)
        }
    }
}

/// The determination, signed by a named person.
public struct SignedDetermination: Sendable, Hashable, Codable {
    /// What was determined.
    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
        case reportableBreach = "reportable_breach"
        case notABreach = "not_a_breach"
        case exceptionApplies = "exception_applies"

        /// The outcome that matches the engine's basis.
        public init(_ basis: BreachBasis) {
            switch basis {
            case .exception: self = .exceptionApplies
            case .safeHarbor, .lowProbability: self = .notABreach
            case .presumedBreach: self = .reportableBreach
            }
        }
    }

    /// What was determined.
    public var outcome: Outcome
    /// The basis the outcome rests on, as the engine decided it when signed.
    public var basis: String
    /// The named person who signed.
    public var signedBy: String
    /// When it was signed.
    public var signedAt: Date
    /// The signer's own words, if any.
    public var statement: String?

    enum CodingKeys: String, CodingKey {
        case outcome, basis, statement
        case signedBy = "signed_by"
        case signedAt = "signed_at"
    }
}
