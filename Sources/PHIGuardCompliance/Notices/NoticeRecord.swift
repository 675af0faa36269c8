import Foundation

/// A notice that was sent: when, how, and who recorded it.
public struct NoticeRecord: Sendable, Hashable, Codable {
    /// The notice's key: the recipient, and for media notices `media:<State>`.
    public var key: String
    /// The day the notice was sent.
    public var sentOn: CalendarDate
    /// How it was sent.
    public var method: NoticeMethod
    /// Who recorded it.
    public var recordedBy: String
    /// When it was recorded.
    public var recordedAt: Date

    enum CodingKeys: String, CodingKey {
        case key, method
        case sentOn = "sent_on"
        case recordedBy = "recorded_by"
        case recordedAt = "recorded_at"
    }
}
