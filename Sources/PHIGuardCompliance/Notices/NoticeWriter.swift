/// Writes the notices of a breach case from its notice content: the individual letter, the media notice and
/// the HHS report data sheet.
///
/// The letter and the media notice are plain language: short sentences, headings a reader can scan, no
/// regulatory terms. The letter carries every element of 164.404(c)(1): what happened with the dates of the
/// breach and of its discovery, the types of PHI, steps individuals should take, what the entity is doing, and
/// contact procedures with a toll-free number.
public struct NoticeWriter: Sendable {
    /// The merge fields a letter leaves for the mailing system to fill, per individual.
    public static let mergeFields = ["individual_name", "mailing_address"]

    /// The case the notices are for.
    public let breachCase: BreachCase
    /// The case's notice content.
    public let content: NoticeContent

    /// A writer for a case, or `nil` when the case has no notice content yet.
    public init?(_ breachCase: BreachCase) {
        guard let content = breachCase.fields.noticeContent else { return nil }
        self.breachCase = breachCase
        self.content = content
    }

    /// The letter to each affected individual, with `{{individual_name}}` and `{{mailing_address}}` to merge.
    public func individualLetter() -> String {
        """
        {{individual_name}}
        {{mailing_address}}

        Dear {{individual_name}},

        We are writing to tell you about an incident that involved some of your health information, what we \
        are doing about it, and what you can do.

        What happened
        \(content.whatHappened)
        \(dates)

        What information was involved
        The information involved was: \(phiList).

        What you can do
        \(content.individualSteps)

        What we are doing
        \(content.entityActions)

        For more information
        \(contact)

        Sincerely,
        \(content.entityName)

        """
    }

    /// The notice to prominent media outlets serving a State (164.406), with the same elements.
    public func mediaNotice(state: String) -> String {
        let residents = breachCase.fields.affectedByState[state] ?? 0
        return """
            FOR IMMEDIATE RELEASE

            \(content.entityName) notifies \(residents) residents of \(USPSJurisdiction.name(of: state)) of an \
            incident involving health information

            \(content.whatHappened)
            \(dates)

            The information involved was: \(phiList).

            What affected people can do: \(content.individualSteps)

            What \(content.entityName) is doing: \(content.entityActions)

            \(contact)

            """
    }

    /// The facts the HHS breach portal asks for (164.408), from the case and its plan.
    public func hhsReport() -> HHSReportSheet {
        let plan = breachCase.plan()
        let fields = breachCase.fields
        return HHSReportSheet(
            reportType: plan.totalAffected >= BreachClock.immediateHHSThreshold ? "500_or_more" : "fewer_than_500",
            entityName: content.entityName, businessAssociateInvolved: fields.discoveredBy == .businessAssociate,
            businessAssociate: fields.discoveredBy == .businessAssociate ? fields.discovererName : nil,
            breachStartDate: content.breachDate, discoveredOn: fields.discoveredOn,
            individualsAffected: plan.totalAffected,
            states: fields.affectedByState.filter { $0.value > 0 }.keys.sorted(),
            phiTypes: content.phiTypes, whatHappened: content.whatHappened,
            safeguards: fields.safeHarbor.map { "\($0.method.rawValue): \($0.evidence)" },
            actionsTaken: content.entityActions,
            individualNoticeSentOn: breachCase.notices.last { $0.key == "individuals" }?.sentOn,
            mediaNotified: breachCase.notices.contains { $0.key.hasPrefix("media:") },
            substituteNotice: plan.substituteNotice?.rawValue,
            lawEnforcementDelay: fields.lawEnforcementDelay != nil,
            hhsDue: plan.notifications.first { $0.recipient == .hhs }?.due)
    }

    private var dates: String {
        let discovered = breachCase.fields.discoveredOn.inWords
        guard let breachDate = content.breachDate else {
            return "We learned of it on \(discovered). We are still working to confirm the date it happened."
        }
        return "It happened on \(breachDate.inWords), and we learned of it on \(discovered)."
    }

    private var phiList: String {
        let types = content.phiTypes
        guard types.count > 1 else { return types.first ?? "" }
        return types.dropLast().joined(separator: ", ") + " and " + (types.last ?? "")
    }

    private var contact: String {
        var ways = ["call us toll-free at \(content.tollFreeNumber)"]
        if let email = content.email { ways.append("email \(email)") }
        if let website = content.website { ways.append("visit \(website)") }
        if let postal = content.postalAddress { ways.append("write to us at \(postal)") }
        let joined = ways.count > 1 ? ways.dropLast().joined(separator: ", ") + ", or " + (ways.last ?? "") : ways[0]
        return "If you have questions, " + joined + "."
    }
}
