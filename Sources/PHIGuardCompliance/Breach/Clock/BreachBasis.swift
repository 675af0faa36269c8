/// Why a case is or is not a reportable breach, the first rule that decided it.
public enum BreachBasis: Sendable, Hashable {
    /// One of the three exceptions of 164.402(1) applies: not a breach.
    case exception(BreachException)
    /// The PHI was secured (encrypted to the standard with an uncompromised key): not unsecured PHI, so no
    /// notice is required.
    case safeHarbor
    /// A documented risk assessment shows a low probability that the PHI was compromised: not a breach.
    case lowProbability
    /// None of the above: a breach is presumed (164.402(2)).
    case presumedBreach

    /// The contract's text: `exception:<name>`, `safe_harbor`, `low_probability` or `presumed_breach`.
    public var rawValue: String {
        switch self {
        case .exception(let exception): "exception:\(exception.rawValue)"
        case .safeHarbor: "safe_harbor"
        case .lowProbability: "low_probability"
        case .presumedBreach: "presumed_breach"
        }
    }

    /// Whether notices are owed.
    public var isReportable: Bool {
        self == .presumedBreach
    }
}
