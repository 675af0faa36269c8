/// A Cedar expression as parsed, before evaluation.
public indirect enum Expression: Hashable, Sendable {
    /// One of the four request variables.
    public enum Variable: String, Hashable, Sendable {
        case principal, action, resource, context
    }

    /// A template slot: `?principal` or `?resource`.
    public enum Slot: String, Hashable, Sendable {
        case principal = "?principal"
        case resource = "?resource"
    }

    /// The binary operators, strict in both operands except `&&` and `||`.
    public enum BinaryOperator: String, Hashable, Sendable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case `in` = "in", add = "+", subtract = "-", multiply = "*", and = "&&", or = "||"
    }

    case literal(Value)
    case variable(Variable)
    case slot(Slot)
    case not(Expression)
    case negate(Expression)
    case binary(BinaryOperator, Expression, Expression)
    case has(Expression, String)
    case like(Expression, Pattern)
    case isType(Expression, EntityType)
    case attribute(Expression, String)
    case method(Expression, String, [Expression])
    case call(String, [Expression])
    case ifThenElse(Expression, Expression, Expression)
    case set([Expression])
    case record([String: Expression])
}
