/// Decides requests: default deny, a satisfied `forbid` overrides any `permit`, and a policy whose evaluation
/// fails is skipped and reported.
public struct Authorizer: Sendable {
    /// Creates an authorizer.
    public init() {}

    /// Evaluates every policy that could apply to the request and combines their effects.
    public func isAuthorized(_ request: Request, policies: PolicySet, entities: Entities) -> Response {
        let evaluator = Evaluator(request: request, entities: entities)
        var permits: [String] = []
        var forbids: [String] = []
        var errorMessages: [String: String] = [:]
        policies.forEachCandidate(
            for: request, ancestors: evaluator.ancestors(of:), guardValue: { try? evaluator.evaluate($0.expression) }
        ) { policy in
            do throws(EvaluationError) {
                guard try evaluator.isSatisfied(policy) else { return }
                if policy.effect == .permit { permits.append(policy.id) } else { forbids.append(policy.id) }
            } catch {
                errorMessages[policy.id] = error.message
            }
        }
        let errors = errorMessages.keys.sorted()
        if !forbids.isEmpty {
            return Response(decision: .deny, reasons: forbids.sorted(), errors: errors, errorMessages: errorMessages)
        }
        let decision: Decision = permits.isEmpty ? .deny : .allow
        return Response(decision: decision, reasons: permits.sorted(), errors: errors, errorMessages: errorMessages)
    }
}
