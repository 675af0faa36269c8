import Foundation

extension BreachClockInput {
    /// The fields of the contract, in the order they are documented.
    static let fields = [
        "discovered_on", "discovered_by", "ba_is_agent", "ba_contract_days", "ce_notified_on", "affected_by_state",
        "unknown_contact_count", "exception", "safe_harbor", "risk_assessment", "law_enforcement_delay",
    ]

    /// Reads and validates a breach case from its JSON contract.
    ///
    /// Every field except `discovered_on`, `discovered_by` and `affected_by_state` may be left out, which reads
    /// as `null` (or 0 for `unknown_contact_count`); `ba_is_agent` is required when a business associate
    /// discovered the breach, because the start of the covered entity's clocks depends on it.
    ///
    /// - Parameters:
    ///   - json: one JSON object.
    ///   - today: the date against which "in the future" is judged.
    /// - Throws: `ComplianceInputError` naming each bad field: a member given twice, or unknown, missing and wrongly typed fields first, then,
    ///   when the required fields could be read, the values that do not fit together or with `today`.
    public init(json: Data, today: CalendarDate) throws(ComplianceInputError) {
        try self.init(value: try InputValue.parse(json), today: today)
    }

    /// Reads and validates a breach case from an already decoded JSON value.
    init(value root: InputValue, today: CalendarDate) throws(ComplianceInputError) {
        var reader = FieldReader()
        let input = Self.read(root, with: &reader)
        let problems = reader.problems + (input?.validationProblems(today: today) ?? [])
        guard problems.isEmpty, let input else { throw ComplianceInputError(problems: problems) }
        self = input
    }

    private static func read(_ root: InputValue, with reader: inout FieldReader) -> BreachClockInput? {
        guard let members = reader.members(of: root, at: "", known: fields, what: "a breach case") else { return nil }
        let discoveredOn = reader.date(members, "discovered_on", at: "", required: true)
        let discoveredBy = reader.word(members, "discovered_by", at: "", required: true, as: Discoverer.self)
        let baIsAgent = reader.bool(
            members, "ba_is_agent", at: "", required: discoveredBy == .businessAssociate)
        let baContractDays = reader.integer(members, "ba_contract_days", at: "", required: false)
        let ceNotifiedOn = reader.date(members, "ce_notified_on", at: "", required: false)
        let affected = readAffected(members, with: &reader)
        let unknownContacts = reader.integer(members, "unknown_contact_count", at: "", required: false)
        let exception = reader.word(members, "exception", at: "", required: false, as: BreachException.self)
        let safeHarbor = reader.present(members, "safe_harbor", at: "", required: false).flatMap {
            readSafeHarbor($0, with: &reader)
        }
        let assessment = reader.present(members, "risk_assessment", at: "", required: false).flatMap {
            readAssessment($0, with: &reader)
        }
        let delay = reader.present(members, "law_enforcement_delay", at: "", required: false).flatMap {
            readDelay($0, with: &reader)
        }
        guard let discoveredOn, let discoveredBy, let affected else { return nil }
        return BreachClockInput(
            discoveredOn: discoveredOn, discoveredBy: discoveredBy, baIsAgent: baIsAgent ?? false,
            baContractDays: baContractDays, ceNotifiedOn: ceNotifiedOn, affectedByState: affected,
            unknownContactCount: unknownContacts ?? 0, exception: exception, safeHarbor: safeHarbor,
            riskAssessment: assessment, lawEnforcementDelay: delay)
    }

    /// The counts by State; codes and signs are checked with the rest of the validation.
    static func readAffected(
        _ members: [String: InputValue], with reader: inout FieldReader
    ) -> [String: Int]? {
        guard let value = reader.present(members, "affected_by_state", at: "", required: true) else { return nil }
        guard case .object(let counts) = value else {
            reader.report("/affected_by_state", "must be an object of USPS State codes to counts")
            return nil
        }
        var affected: [String: Int] = [:]
        for code in counts.keys.sorted() {
            let pointer = "/affected_by_state/" + FieldReader.escape(code)
            guard let count = counts[code].flatMap({ reader.integer($0, at: pointer) }) else { continue }
            affected[code] = count
        }
        return affected
    }

    private static func readSafeHarbor(_ value: InputValue, with reader: inout FieldReader) -> SafeHarborFacts? {
        let pointer = "/safe_harbor"
        let known = ["encrypted", "standard_met", "key_compromised"]
        guard let members = reader.members(of: value, at: pointer, known: known, what: "safe_harbor") else {
            return nil
        }
        let encrypted = reader.bool(members, "encrypted", at: pointer, required: true)
        let standardMet = reader.bool(members, "standard_met", at: pointer, required: true)
        let keyCompromised = reader.bool(members, "key_compromised", at: pointer, required: true)
        guard let encrypted, let standardMet, let keyCompromised else { return nil }
        return SafeHarborFacts(encrypted: encrypted, standardMet: standardMet, keyCompromised: keyCompromised)
    }

    private static func readAssessment(
        _ value: InputValue, with reader: inout FieldReader
    ) -> RiskAssessmentOutcome? {
        let pointer = "/risk_assessment"
        let known = ["low_probability_of_compromise"]
        guard let members = reader.members(of: value, at: pointer, known: known, what: "risk_assessment"),
            let low = reader.bool(members, "low_probability_of_compromise", at: pointer, required: true)
        else { return nil }
        return RiskAssessmentOutcome(lowProbabilityOfCompromise: low)
    }

    /// The delay; `extraKeys` are members a caller reads itself (a stored case's `official`).
    static func readDelay(
        _ value: InputValue, with reader: inout FieldReader, extraKeys: [String] = []
    ) -> LawEnforcementDelay? {
        let pointer = "/law_enforcement_delay"
        guard case .object(let fields) = value else {
            reader.report(pointer, "must be an object, not \(value.kindName)")
            return nil
        }
        switch fields["kind"] {
        case .string("written"):
            let known = ["kind", "stated_on", "until"] + extraKeys
            guard let members = reader.members(of: value, at: pointer, known: known, what: "a written statement")
            else { return nil }
            let statedOn = reader.date(members, "stated_on", at: pointer, required: true)
            let until = reader.date(members, "until", at: pointer, required: true)
            guard let statedOn, let until else { return nil }
            return .written(statedOn: statedOn, until: until)
        case .string("oral"):
            let known = ["kind", "stated_on", "written_received_on", "written_until"] + extraKeys
            guard let members = reader.members(of: value, at: pointer, known: known, what: "an oral statement")
            else { return nil }
            let statedOn = reader.date(members, "stated_on", at: pointer, required: true)
            let receivedOn = reader.date(members, "written_received_on", at: pointer, required: false)
            let writtenUntil = reader.date(members, "written_until", at: pointer, required: false)
            guard let statedOn else { return nil }
            return .oral(statedOn: statedOn, writtenReceivedOn: receivedOn, writtenUntil: writtenUntil)
        case nil, .null:
            reader.report(pointer + "/kind", "is required")
            return nil
        default:
            reader.report(pointer + "/kind", "must be one of written, oral")
            return nil
        }
    }
}
