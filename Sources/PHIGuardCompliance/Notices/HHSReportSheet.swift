/// The data sheet for the HHS breach report: what the portal asks, gathered from the case in one place.
public struct HHSReportSheet: Sendable, Hashable, Encodable {
    /// `500_or_more` (report with the individual notices) or `fewer_than_500` (annual report).
    public var reportType: String
    /// The covered entity's name.
    public var entityName: String
    /// Whether a business associate was involved.
    public var businessAssociateInvolved: Bool
    /// The business associate's name, when one discovered the breach.
    public var businessAssociate: String?
    /// The date of the breach, when known.
    public var breachStartDate: CalendarDate?
    /// The discovery date.
    public var discoveredOn: CalendarDate
    /// The affected individuals in every State together.
    public var individualsAffected: Int
    /// The USPS codes of the States with affected residents.
    public var states: [String]
    /// The types of PHI involved.
    public var phiTypes: [String]
    /// A brief description of the breach.
    public var whatHappened: String
    /// The safe-harbor method and evidence in place, if any was documented.
    public var safeguards: String?
    /// What the entity did in response.
    public var actionsTaken: String
    /// When the individual notices were sent, if recorded.
    public var individualNoticeSentOn: CalendarDate?
    /// Whether a media notice was recorded as sent.
    public var mediaNotified: Bool
    /// The substitute notice owed, if any.
    public var substituteNotice: String?
    /// Whether law enforcement asked for a delay.
    public var lawEnforcementDelay: Bool
    /// When the report to HHS is due.
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
