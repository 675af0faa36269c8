/// The substitute notice 164.404(d)(2) requires when some affected individuals cannot be reached.
public enum SubstituteNotice: String, Sendable, Hashable {
    /// Fewer than 10 without current contact information: an alternative written notice, telephone, or other
    /// means.
    case alternativeWrittenOrPhone = "alternative_written_or_phone"
    /// 10 or more: a conspicuous posting on the home page for 90 days or notice in major print or broadcast
    /// media where they likely live, and a toll-free number active for at least 90 days.
    case webPostingOrMajorMediaAndTollFree90Days = "web_posting_or_major_media_and_toll_free_90_days"

    /// The substitute notice for a number of people without current contact information; none for 0.
    public init?(unknownContacts count: Int) {
        switch count {
        case ..<1: return nil
        case 1..<10: self = .alternativeWrittenOrPhone
        default: self = .webPostingOrMajorMediaAndTollFree90Days
        }
    }
}
