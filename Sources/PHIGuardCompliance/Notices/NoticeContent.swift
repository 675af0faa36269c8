/// What the notices say, as 164.404(c) requires of the individual notice: what happened, the types of PHI,
/// what individuals should do, what the entity is doing, and how to reach it.
public struct NoticeContent: Sendable, Hashable, Codable {
    /// The covered entity's name as it signs the notices.
    public var entityName: String
    /// The date of the breach, when known (the letter says so when it is not).
    public var breachDate: CalendarDate?
    /// (A) A brief description of what happened.
    public var whatHappened: String
    /// (B) The types of unsecured PHI involved (name, Social Security number, date of birth, diagnosis, ...).
    public var phiTypes: [String]
    /// (C) Steps individuals should take to protect themselves.
    public var individualSteps: String
    /// (D) What the entity is doing to investigate, mitigate harm and protect against further breaches.
    public var entityActions: String
    /// (E) Contact procedures: a toll-free number, and an email address, website or postal address.
    public var tollFreeNumber: String
    /// An email address for questions.
    public var email: String?
    /// A website with more information.
    public var website: String?
    /// A postal address for questions.
    public var postalAddress: String?

    enum CodingKeys: String, CodingKey {
        case email, website
        case entityName = "entity_name"
        case breachDate = "breach_date"
        case whatHappened = "what_happened"
        case phiTypes = "phi_types"
        case individualSteps = "individual_steps"
        case entityActions = "entity_actions"
        case tollFreeNumber = "toll_free_number"
        case postalAddress = "postal_address"
    }
}
