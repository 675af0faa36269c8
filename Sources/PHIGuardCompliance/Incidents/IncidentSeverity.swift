/// How bad an incident is, from SEV1 (most severe) to SEV4.
public enum IncidentSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    /// PHI of many people exposed or systems holding PHI down; all hands.
    case sev1 = "SEV1"
    /// PHI exposure confirmed or likely, limited in scope.
    case sev2 = "SEV2"
    /// A security event that may involve PHI, under investigation.
    case sev3 = "SEV3"
    /// A minor event with no sign of PHI involvement.
    case sev4 = "SEV4"

    /// Who is told at each severity, how soon someone must acknowledge, and what happens when nobody does.
    ///
    /// These are defaults an organization reviews in its incident response plan (45 CFR 164.308(a)(6)); the
    /// roles are on-call roles, filled by whoever holds them that day.
    public var escalation: EscalationPolicy {
        switch self {
        case .sev1:
            EscalationPolicy(
                notify: [.incidentCommander, .securityOfficer, .privacyOfficer, .executiveSponsor],
                acknowledgeWithinMinutes: 15,
                whenUnacknowledged: "page the backup incident commander and the executive sponsor by phone")
        case .sev2:
            EscalationPolicy(
                notify: [.incidentCommander, .securityOfficer, .privacyOfficer], acknowledgeWithinMinutes: 30,
                whenUnacknowledged: "page the backup incident commander and raise to SEV1 review")
        case .sev3:
            EscalationPolicy(
                notify: [.securityOfficer, .privacyOfficer], acknowledgeWithinMinutes: 240,
                whenUnacknowledged: "notify the incident commander on call")
        case .sev4:
            EscalationPolicy(
                notify: [.securityOfficer], acknowledgeWithinMinutes: 1440,
                whenUnacknowledged: "notify the security officer's backup")
        }
    }
}

/// An on-call role in incident response.
public enum OnCallRole: String, Sendable, Hashable, Codable, CaseIterable {
    case incidentCommander = "incident_commander"
    case securityOfficer = "security_officer"
    case privacyOfficer = "privacy_officer"
    case executiveSponsor = "executive_sponsor"
    case communicationsLead = "communications_lead"
}

/// The escalation path of one severity.
public struct EscalationPolicy: Sendable, Hashable, Codable {
    /// The on-call roles told when the incident is opened at this severity.
    public var notify: [OnCallRole]
    /// How long the first of them has to acknowledge.
    public var acknowledgeWithinMinutes: Int
    /// The next step when nobody acknowledges in time.
    public var whenUnacknowledged: String

    enum CodingKeys: String, CodingKey {
        case notify
        case acknowledgeWithinMinutes = "acknowledge_within_minutes"
        case whenUnacknowledged = "when_unacknowledged"
    }
}
