/// The data sheet for the HHS breach report: what the portal asks, gathered from the case in one place.
public struct HHSReportSheet: Sendable, Hashable, Encodable {
    /// `500_or_more` (report with the individual notices) or `fewer_than_500` (annual report).
    public var reportType: String
    public var entityName: String
    public var businessAssociateInvolved: Bool
    public var businessAssociate: String?
    public var breachStartDate: CalendarDate?
    public var discoveredOn: CalendarDate
    public var individualsAffected: Int
    public var states: [String]
    public var phiTypes: [String]
    public var whatHappened: String
    /// The safe-harbor method and evidence in place, if any was documented.
    public var safeguards: String?
    public var actionsTaken: String
    public var individualNoticeSentOn: CalendarDate?
    public var mediaNotified: Bool
    public var substituteNotice: String?
    public var lawEnforcementDelay: Bool
    public var hhsDue: CalendarDate?

    enum CodingKeys: String, CodingKey {
        case states, safeguards
        case reportType = "report_type"
        case entityName = "entity_name"
        case businessAssociateInvolved = "business_associate_involved"
        case businessAssociate = "business_associate"
        case breachStartDate = "breach_start_date"
        case discoveredOn = "discovered_on"
        case individualsAffected = "individuals_affected"
        case phiTypes = "phi_types"
        case whatHappened = "what_happened"
        case actionsTaken = "actions_taken"
        case individualNoticeSentOn = "individual_notice_sent_on"
        case mediaNotified = "media_notified"
        case substituteNotice = "substitute_notice"
        case lawEnforcementDelay = "law_enforcement_delay"
        case hhsDue = "hhs_due"
    }
}
