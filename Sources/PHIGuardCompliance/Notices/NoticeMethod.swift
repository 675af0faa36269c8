/// How a notice was sent.
public enum NoticeMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// First-class mail to the last known address (164.404(d)(1)).
    case firstClassMail = "first_class_mail"
    /// Email, for individuals who agreed to electronic notice.
    case email
    /// Telephone, as urgent notice or substitute notice.
    case telephone
    /// A posting on the home page (substitute notice).
    case webPosting = "web_posting"
    /// A release to prominent media outlets (164.406).
    case pressRelease = "press_release"
    /// The HHS breach portal (164.408).
    case hhsPortal = "hhs_portal"
    /// A State agency's form or portal.
    case agencyPortal = "agency_portal"
    /// Written notice delivered another way (to a covered entity, for instance).
    case otherWritten = "other_written"
}
