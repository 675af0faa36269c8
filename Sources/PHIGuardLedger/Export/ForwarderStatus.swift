/// Where a forwarder stands, for the console.
public struct ForwarderStatus: Sendable, Hashable {
    /// The forwarder's name.
    public var name: String
    /// The destination kind, as `ForwarderConfiguration.Kind.label`.
    public var kind: String
    /// The index of the next entry to send; every entry below it was accepted by the destination.
    public var cursor: Int
    /// Entries not yet sent: the source size minus the cursor.
    public var lag: Int
    /// The last failure, as safe text (an error code and constant reason), or nil after a success.
    public var lastError: String?
    /// When the cursor row last changed.
    public var updatedAt: AuditTime?

    /// Creates a status.
    public init(name: String, kind: String, cursor: Int, lag: Int, lastError: String?, updatedAt: AuditTime?) {
        self.name = name
        self.kind = kind
        self.cursor = cursor
        self.lag = lag
        self.lastError = lastError
        self.updatedAt = updatedAt
    }
}
