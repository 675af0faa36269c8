/// The outcome of an authorization request.
public enum Decision: String, Hashable, Sendable {
    case allow, deny
}
