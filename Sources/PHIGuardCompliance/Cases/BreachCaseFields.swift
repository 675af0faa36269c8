import Foundation

/// The fields of a breach case a caller sets, read and checked from a JSON object.
///
/// The clock facts use the names and rules of the `phiguard breach plan` contract; in place of the contract's
/// bare `safe_harbor` and `risk_assessment` outcomes a case documents them: the safe-harbor method with its
/// evidence, and the four factors each with a rating and a narrative. Unknown fields are refused by name.
public struct BreachCaseFields: Sendable, Hashable {
    /// `incident_id`: the incident the case comes from, if it is tracked here.
    public var incidentID: String?
    /// `discovered_on`: the discovery date, as in the clock contract.
    public var discoveredOn: CalendarDate
    /// `discovered_by`: the covered entity or a business associate.
    public var discoveredBy: Discoverer
    /// `discoverer_name`: the person who discovered it, or the business associate's name.
    public var discovererName: String
    /// `ba_is_agent`: whether the discovering business associate acts as the covered entity's agent.
    public var baIsAgent: Bool
    /// `ba_contract_days`: the business associate agreement's shorter limit, if any.
    public var baContractDays: Int?
    /// `ce_notified_on`: when a business associate that is not an agent told the covered entity.
    public var ceNotifiedOn: CalendarDate?
    /// `affected_by_state`: affected individuals by USPS State or territory code.
    public var affectedByState: [String: Int]
    /// `unknown_contact_count`: affected individuals without current contact information.
    public var unknownContactCount: Int
    /// `exception`: the exception claimed, with its rationale.
    public var exception: ExceptionClaim?
    /// `safe_harbor`: how the PHI was secured, with evidence.
    public var safeHarbor: SafeHarborDetermination?
    /// `risk_assessment`: the documented four-factor assessment.
    public var assessment: FourFactorAssessment?
    /// `law_enforcement_delay`: a statement under 164.412 and the official who made it.
    public var lawEnforcementDelay: LawEnforcementDelayRecord?
    /// `notice_content`: what the notices say.
    public var noticeContent: NoticeContent?

    /// The member names a case body may have.
    static let names = [
        "incident_id", "discovered_on", "discovered_by", "discoverer_name", "ba_is_agent", "ba_contract_days",
        "ce_notified_on", "affected_by_state", "unknown_contact_count", "exception", "safe_harbor",
        "risk_assessment", "law_enforcement_delay", "notice_content",
    ]

    /// The longest narrative accepted, in characters.
    static let narrativeLimit = 10_000
}

extension BreachCaseFields {
    /// Reads and checks a case body.
    ///
    /// - Parameter today: the date against which dates "in the future" are judged.
    /// - Throws: `ComplianceInputError` naming each bad field; nothing is created or changed.
    public init(json: Data, today: CalendarDate) throws(ComplianceInputError) {
        try self.init(value: try InputValue.parse(json), today: today)
    }

    init(value: InputValue, today: CalendarDate) throws(ComplianceInputError) {
        var reader = FieldReader()
        let fields = Self.read(value, with: &reader)
        let problems = reader.problems + (fields?.clockInput.validationProblems(today: today) ?? [])
        guard problems.isEmpty, let fields else { throw ComplianceInputError(problems: problems) }
        self = fields
    }

}

extension BreachCaseFields: Codable {
    private enum CodingKeys: String, CodingKey {
        case exception
        case incidentID = "incident_id"
        case discoveredOn = "discovered_on"
        case discoveredBy = "discovered_by"
        case discovererName = "discoverer_name"
        case baIsAgent = "ba_is_agent"
        case baContractDays = "ba_contract_days"
        case ceNotifiedOn = "ce_notified_on"
        case affectedByState = "affected_by_state"
        case unknownContactCount = "unknown_contact_count"
        case safeHarbor = "safe_harbor"
        case assessment = "risk_assessment"
        case lawEnforcementDelay = "law_enforcement_delay"
        case noticeContent = "notice_content"
    }

    /// Every member is written, `null` when absent, so the stored form and the API show the same shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(incidentID, forKey: .incidentID)
        try container.encode(discoveredOn, forKey: .discoveredOn)
        try container.encode(discoveredBy, forKey: .discoveredBy)
        try container.encode(discovererName, forKey: .discovererName)
        try container.encode(baIsAgent, forKey: .baIsAgent)
        try container.encode(baContractDays, forKey: .baContractDays)
        try container.encode(ceNotifiedOn, forKey: .ceNotifiedOn)
        try container.encode(affectedByState, forKey: .affectedByState)
        try container.encode(unknownContactCount, forKey: .unknownContactCount)
        try container.encode(exception, forKey: .exception)
        try container.encode(safeHarbor, forKey: .safeHarbor)
        try container.encode(assessment, forKey: .assessment)
        try container.encode(lawEnforcementDelay, forKey: .lawEnforcementDelay)
        try container.encode(noticeContent, forKey: .noticeContent)
    }
}

extension BreachCaseFields {
    private static func read(_ root: InputValue, with reader: inout FieldReader) -> BreachCaseFields? {
        guard let members = reader.members(of: root, at: "", known: names, what: "a breach case") else { return nil }
        let incidentID = reader.text(members, "incident_id", at: "", required: false, maximum: 64)
        let discoveredOn = reader.date(members, "discovered_on", at: "", required: true)
        let discoveredBy = reader.word(members, "discovered_by", at: "", required: true, as: Discoverer.self)
        let discovererName = reader.text(members, "discoverer_name", at: "", required: true, maximum: 200)
        let baIsAgent = reader.bool(members, "ba_is_agent", at: "", required: discoveredBy == .businessAssociate)
        let baContractDays = reader.integer(members, "ba_contract_days", at: "", required: false)
        let ceNotifiedOn = reader.date(members, "ce_notified_on", at: "", required: false)
        let affected = BreachClockInput.readAffected(members, with: &reader)
        let unknownContacts = reader.integer(members, "unknown_contact_count", at: "", required: false)
        let exception = reader.present(members, "exception", at: "", required: false).flatMap {
            readException($0, with: &reader)
        }
        let safeHarbor = reader.present(members, "safe_harbor", at: "", required: false).flatMap {
            readSafeHarbor($0, with: &reader)
        }
        let assessment = reader.present(members, "risk_assessment", at: "", required: false).flatMap {
            readAssessment($0, with: &reader)
        }
        let delay = reader.present(members, "law_enforcement_delay", at: "", required: false).flatMap {
            readDelay($0, with: &reader)
        }
        let content = reader.present(members, "notice_content", at: "", required: false).flatMap {
            readContent($0, with: &reader)
        }
        guard let discoveredOn, let discoveredBy, let discovererName, let affected else { return nil }
        return BreachCaseFields(
            incidentID: incidentID, discoveredOn: discoveredOn, discoveredBy: discoveredBy,
            discovererName: discovererName, baIsAgent: baIsAgent ?? false, baContractDays: baContractDays,
            ceNotifiedOn: ceNotifiedOn, affectedByState: affected, unknownContactCount: unknownContacts ?? 0,
            exception: exception, safeHarbor: safeHarbor, assessment: assessment, lawEnforcementDelay: delay,
            noticeContent: content)
    }

    private static func readException(_ value: InputValue, with reader: inout FieldReader) -> ExceptionClaim? {
        let pointer = "/exception"
        guard let members = reader.members(of: value, at: pointer, known: ["kind", "rationale"], what: "exception")
        else { return nil }
        let kind = reader.word(members, "kind", at: pointer, required: true, as: BreachException.self)
        let rationale = reader.text(members, "rationale", at: pointer, required: true, maximum: narrativeLimit)
        guard let kind, let rationale else { return nil }
        return ExceptionClaim(kind: kind, rationale: rationale)
    }

    private static func readSafeHarbor(
        _ value: InputValue, with reader: inout FieldReader
    ) -> SafeHarborDetermination? {
        let pointer = "/safe_harbor"
        let known = [
            "method", "encryption_standard", "key_compromised", "key_stored_apart", "destruction_standard", "evidence",
        ]
        guard let members = reader.members(of: value, at: pointer, known: known, what: "safe_harbor") else {
            return nil
        }
        let method = reader.word(
            members, "method", at: pointer, required: true, as: SafeHarborDetermination.Method.self)
        let encrypted = method == .encryption
        let standard = reader.text(members, "encryption_standard", at: pointer, required: encrypted, maximum: 100)
        let compromised = reader.bool(members, "key_compromised", at: pointer, required: encrypted)
        let apart = reader.bool(members, "key_stored_apart", at: pointer, required: encrypted)
        let destruction = reader.text(
            members, "destruction_standard", at: pointer, required: method == .destruction, maximum: 100)
        let evidence = reader.text(members, "evidence", at: pointer, required: true, maximum: narrativeLimit)
        for (key, given, applies) in [
            ("encryption_standard", standard != nil, encrypted), ("key_compromised", compromised != nil, encrypted),
            ("key_stored_apart", apart != nil, encrypted), ("destruction_standard", destruction != nil, !encrypted),
        ] where given && !applies {
            reader.report("\(pointer)/\(key)", "does not apply to this method")
        }
        guard let method, let evidence else { return nil }
        return SafeHarborDetermination(
            method: method, encryptionStandard: standard, keyCompromised: compromised, keyStoredApart: apart,
            destructionStandard: destruction, evidence: evidence)
    }

    private static func readAssessment(
        _ value: InputValue, with reader: inout FieldReader
    ) -> FourFactorAssessment? {
        let pointer = "/risk_assessment"
        let factorNames = ["nature_and_extent", "unauthorized_person", "acquired_or_viewed", "mitigation"]
        let known = factorNames + ["low_probability_of_compromise", "assessed_by"]
        guard let members = reader.members(of: value, at: pointer, known: known, what: "risk_assessment") else {
            return nil
        }
        var factors: [FourFactorAssessment.Factor] = []
        for name in factorNames {
            guard let factor = reader.present(members, name, at: pointer, required: true) else { continue }
            let at = "\(pointer)/\(name)"
            guard let fields = reader.members(of: factor, at: at, known: ["rating", "narrative"], what: "a factor")
            else { continue }
            let rating = reader.word(fields, "rating", at: at, required: true, as: FourFactorAssessment.Rating.self)
            let narrative = reader.text(fields, "narrative", at: at, required: true, maximum: narrativeLimit)
            if let rating, let narrative { factors.append(.init(rating: rating, narrative: narrative)) }
        }
        let low = reader.bool(members, "low_probability_of_compromise", at: pointer, required: true)
        let assessedBy = reader.text(members, "assessed_by", at: pointer, required: true, maximum: 200)
        if low == true, factors.contains(where: { $0.rating == .high }) {
            reader.report(
                "\(pointer)/low_probability_of_compromise", "cannot be true while a factor is rated high")
        }
        guard factors.count == 4, let low, let assessedBy else { return nil }
        return FourFactorAssessment(
            natureAndExtent: factors[0], unauthorizedPerson: factors[1], acquiredOrViewed: factors[2],
            mitigation: factors[3], lowProbabilityOfCompromise: low, assessedBy: assessedBy)
    }

    private static func readDelay(_ value: InputValue, with reader: inout FieldReader) -> LawEnforcementDelayRecord? {
        let delay = BreachClockInput.readDelay(value, with: &reader, extraKeys: ["official"])
        guard case .object(let members) = value else { return nil }
        let official = reader.text(members, "official", at: "/law_enforcement_delay", required: true, maximum: 200)
        guard let delay, let official else { return nil }
        return LawEnforcementDelayRecord(delay: delay, official: official)
    }

    private static func readContent(_ value: InputValue, with reader: inout FieldReader) -> NoticeContent? {
        let pointer = "/notice_content"
        let known = [
            "entity_name", "breach_date", "what_happened", "phi_types", "individual_steps", "entity_actions",
            "toll_free_number", "email", "website", "postal_address",
        ]
        guard let members = reader.members(of: value, at: pointer, known: known, what: "notice_content") else {
            return nil
        }
        let limit = narrativeLimit
        let entity = reader.text(members, "entity_name", at: pointer, required: true, maximum: 200)
        let breachDate = reader.date(members, "breach_date", at: pointer, required: false)
        let happened = reader.text(members, "what_happened", at: pointer, required: true, maximum: limit)
        let types = reader.texts(members, "phi_types", at: pointer, maximum: 200)
        if types?.isEmpty ?? true, members["phi_types"].map({ $0 == .null }) ?? true {
            reader.report("\(pointer)/phi_types", "is required")
        }
        let steps = reader.text(members, "individual_steps", at: pointer, required: true, maximum: limit)
        let actions = reader.text(members, "entity_actions", at: pointer, required: true, maximum: limit)
        let phone = reader.text(members, "toll_free_number", at: pointer, required: true, maximum: 40)
        let email = reader.text(members, "email", at: pointer, required: false, maximum: 200)
        let website = reader.text(members, "website", at: pointer, required: false, maximum: 500)
        let postal = reader.text(members, "postal_address", at: pointer, required: false, maximum: 500)
        if email == nil, website == nil, postal == nil {
            reader.report("\(pointer)/email", "give an email address, a website or a postal address too")
        }
        guard let entity, let happened, let types, !types.isEmpty, let steps, let actions, let phone else {
            return nil
        }
        return NoticeContent(
            entityName: entity, breachDate: breachDate, whatHappened: happened, phiTypes: types,
            individualSteps: steps, entityActions: actions, tollFreeNumber: phone, email: email, website: website,
            postalAddress: postal)
    }
}
