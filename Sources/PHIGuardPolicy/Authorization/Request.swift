/// An authorization request: who (principal) wants to do what (action) to which resource, in what context.
public struct Request: Hashable, Sendable {
    /// The entity making the request.
    public var principal: EntityUID
    /// The action requested, usually of type `Action`.
    public var action: EntityUID
    /// The entity acted on.
    public var resource: EntityUID
    /// Extra facts about the request, as a record.
    public var context: [String: Value]

    /// Creates a request.
    public init(principal: EntityUID, action: EntityUID, resource: EntityUID, context: [String: Value] = [:]) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.context = context
    }
}
