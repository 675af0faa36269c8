/// The USPS codes of the jurisdictions whose residents the breach rules count.
///
/// Interpretation: HITECH section 13400 defines "State" for the breach provisions as the 50 States, the
/// District of Columbia, Puerto Rico, the U.S. Virgin Islands, Guam, American Samoa and the Northern Mariana
/// Islands. Military mail codes (AA, AE, AP) and the freely associated States (FM, MH, PW) are USPS codes but
/// not States in that sense, so they are refused; residents abroad are counted under their State of residence.
public enum USPSJurisdiction {
    /// The 56 accepted codes, upper case.
    public static let codes: Set<String> = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
        "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
        "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
        "DC", "PR", "VI", "GU", "AS", "MP",
    ]

    /// Whether a code names a State or territory; codes are case-sensitive, as USPS writes them.
    public static func isKnown(_ code: String) -> Bool {
        codes.contains(code)
    }
}
