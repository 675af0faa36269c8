import Foundation

/// A notice that was sent: when, how, and who recorded it.
public struct NoticeRecord: Sendable, Hashable, Codable {
    /// The notice's key: the recipient, and for media notices `media:<State>`.
    public var key: String
    public var sentOn: CalendarDate
    public var method: NoticeMethod
    public var recordedBy: String
    public var recordedAt: Date

    enum CodingKeys: String, CodingKey {
        case key, method
        case sentOn = "sent_on"
        case recordedBy = "recorded_by"
        case recordedAt = "recorded_at"
    }
}
