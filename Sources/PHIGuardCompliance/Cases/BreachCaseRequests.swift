import Foundation

/// A request to sign a case's determination: `{"outcome", "signed_by", "statement"}`.
public struct DeterminationRequest: Sendable, Hashable {
    /// The outcome signed.
    public var outcome: SignedDetermination.Outcome
    /// The named person who signs, typically the privacy officer.
    public var signedBy: String
    /// The signer's own words, if any.
    public var statement: String?

    /// Reads the request.
    /// - Throws: `ComplianceInputError` naming each bad field.
    public init(json: Data) throws(ComplianceInputError) {
        var reader = FieldReader()
        let members =
            reader.members(
                of: try InputValue.object(from: json), at: "", known: ["outcome", "signed_by", "statement"],
                what: "a determination") ?? [:]
        let outcome = reader.word(members, "outcome", at: "", required: true, as: SignedDetermination.Outcome.self)
        let signer = reader.text(members, "signed_by", at: "", required: true, maximum: 200)
        statement = reader.text(
            members, "statement", at: "", required: false, maximum: BreachCaseFields.narrativeLimit)
        guard reader.problems.isEmpty, let outcome, let signer else {
            throw ComplianceInputError(problems: reader.problems)
        }
        self.outcome = outcome
        self.signedBy = signer
    }
}

/// A request to record a notice as sent: `{"notice", "sent_on", "method"}`.
public struct NoticeSentRequest: Sendable, Hashable {
    /// The notice's key (`individuals`, `hhs`, `media:TX`, `covered_entity`, `state:CA:...`).
    public var notice: String
    /// The day it was sent.
    public var sentOn: CalendarDate
    /// How it was sent.
    public var method: NoticeMethod

    /// Reads the request.
    /// - Throws: `ComplianceInputError` naming each bad field.
    public init(json: Data) throws(ComplianceInputError) {
        var reader = FieldReader()
        let members =
            reader.members(
                of: try InputValue.object(from: json), at: "", known: ["notice", "sent_on", "method"],
                what: "a notice record") ?? [:]
        let notice = reader.text(members, "notice", at: "", required: true, maximum: 200)
        let sentOn = reader.date(members, "sent_on", at: "", required: true)
        let method = reader.word(members, "method", at: "", required: true, as: NoticeMethod.self)
        guard reader.problems.isEmpty, let notice, let sentOn, let method else {
            throw ComplianceInputError(problems: reader.problems)
        }
        self.notice = notice
        self.sentOn = sentOn
        self.method = method
    }
}
