/// One notice a breach requires: to whom, for which State, by when, and under which rule.
public struct BreachNotification: Sendable, Hashable {
    /// Who must be told.
    public var recipient: Recipient
    /// The due date, or `nil` while the clock has not started (see `pending`).
    public var due: CalendarDate?
    /// The regulation or statute that requires the notice and sets its deadline.
    public var rule: String
    /// Why `due` is not known yet; `nil` when it is.
    public var pending: String?

    /// Creates a notification.
    public init(recipient: Recipient, due: CalendarDate?, rule: String, pending: String? = nil) {
        self.recipient = recipient
        self.due = due
        self.rule = rule
        self.pending = pending
    }

    /// The State the notice concerns, for media notices and State overlays; `nil` for the others.
    public var state: String? {
        recipient.state
    }
}

extension BreachNotification {
    /// A recipient of a breach notice.
    public enum Recipient: Sendable, Hashable {
        /// A business associate's notice to the covered entity (164.410).
        case coveredEntity
        /// The affected individuals (164.404).
        case individuals
        /// The Secretary of HHS (164.408).
        case hhs
        /// Prominent media outlets serving a State with more than 500 affected residents (164.406).
        case media(state: String)
        /// An agency named by a State law overlay.
        case stateAgency(state: String, agency: String)

        /// The contract's text: `covered_entity`, `individuals`, `hhs`, `media` or `state:<code>:<agency>`.
        public var rawValue: String {
            switch self {
            case .coveredEntity: "covered_entity"
            case .individuals: "individuals"
            case .hhs: "hhs"
            case .media: "media"
            case .stateAgency(let state, let agency): "state:\(state):\(agency)"
            }
        }

        /// The State of a media notice or an overlay.
        public var state: String? {
            switch self {
            case .coveredEntity, .individuals, .hhs: nil
            case .media(let state), .stateAgency(let state, _): state
            }
        }

        /// The place of the recipient among notices due on the same day (see ``BreachPlan``).
        var rank: Int {
            switch self {
            case .coveredEntity: 0
            case .individuals: 1
            case .hhs: 2
            case .media: 3
            case .stateAgency: 4
            }
        }
    }
}
