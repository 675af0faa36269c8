extension Evaluator {
    /// Calls a built-in or extension method; the parser has already checked the name and arity.
    func method(_ name: String, _ receiver: Value, _ arguments: [Value]) throws(EvaluationError) -> Value {
        switch name {
        case "contains": return .bool(try set(receiver).contains(arguments[0]))
        case "containsAll": return .bool(try set(arguments[0]).isSubset(of: try set(receiver)))
        case "containsAny": return .bool(!(try set(receiver).isDisjoint(with: try set(arguments[0]))))
        case "isEmpty": return .bool(try set(receiver).isEmpty)
        case "getTag", "hasTag": return try tag(name, receiver, try string(arguments[0]))
        default:
            return try Self.extensionMethod(name, receiver, arguments)
        }
    }

    /// Calls an extension method, checking its arity first since the parser leaves that to evaluation.
    static func extensionMethod(_ name: String, _ receiver: Value, _ arguments: [Value]) throws(EvaluationError)
        -> Value
    {
        guard Parser.extensionArity[name] == arguments.count else {
            throw EvaluationError("wrong number of arguments to `\(name)`")
        }
        switch name {
        case "lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual":
            return try Self.compareDecimals(name, receiver, arguments[0])
        case "isIpv4", "isIpv6", "isLoopback", "isMulticast", "isInRange":
            return try Self.ipMethod(name, receiver, arguments)
        default:
            return try Self.timeMethod(name, receiver, arguments)
        }
    }

    private func tag(_ name: String, _ receiver: Value, _ key: String) throws(EvaluationError) -> Value {
        let uid = try entity(receiver)
        let tags = entities[uid]?.tags
        if name == "hasTag" { return .bool(tags?[key] != nil) }
        guard let tags else { throw EvaluationError("entity \(uid) does not exist") }
        guard let value = tags[key] else { throw EvaluationError("entity \(uid) does not have tag `\(key)`") }
        return value
    }

    private static func compareDecimals(_ name: String, _ left: Value, _ right: Value) throws(EvaluationError) -> Value
    {
        guard case .decimal(let a) = left else { throw .type(expected: "decimal", got: left) }
        guard case .decimal(let b) = right else { throw .type(expected: "decimal", got: right) }
        switch name {
        case "lessThan": return .bool(a < b)
        case "lessThanOrEqual": return .bool(a <= b)
        case "greaterThan": return .bool(a > b)
        default: return .bool(a >= b)
        }
    }

    private static func ipMethod(_ name: String, _ receiver: Value, _ arguments: [Value]) throws(EvaluationError)
        -> Value
    {
        guard case .ipaddr(let address) = receiver else { throw .type(expected: "ipaddr", got: receiver) }
        switch name {
        case "isIpv4": return .bool(address.isV4)
        case "isIpv6": return .bool(!address.isV4)
        case "isLoopback": return .bool(address.isLoopback)
        case "isMulticast": return .bool(address.isMulticast)
        default:
            guard case .ipaddr(let range) = arguments[0] else { throw .type(expected: "ipaddr", got: arguments[0]) }
            return .bool(address.isInRange(range))
        }
    }

    private static func timeMethod(_ name: String, _ receiver: Value, _ arguments: [Value]) throws(EvaluationError)
        -> Value
    {
        switch (name, receiver) {
        case ("offset", .datetime(let start)):
            guard case .duration(let length) = arguments[0] else {
                throw .type(expected: "duration", got: arguments[0])
            }
            return .datetime(
                CedarDatetime(
                    milliseconds: try checked(start.milliseconds.addingReportingOverflow(length.milliseconds))))
        case ("durationSince", .datetime(let end)):
            guard case .datetime(let start) = arguments[0] else { throw .type(expected: "datetime", got: arguments[0]) }
            return .duration(
                CedarDuration(
                    milliseconds: try checked(end.milliseconds.subtractingReportingOverflow(start.milliseconds))))
        case ("toDate", .datetime(let value)):
            return .datetime(CedarDatetime(milliseconds: try day(of: value.milliseconds)))
        case ("toTime", .datetime(let value)):
            let remainder = value.milliseconds % CedarDatetime.millisecondsPerDay
            return .duration(
                CedarDuration(milliseconds: remainder < 0 ? remainder + CedarDatetime.millisecondsPerDay : remainder))
        case (_, .duration(let value)):
            return .long(value.milliseconds / divisor(name))
        case ("toMilliseconds", _), ("toSeconds", _), ("toMinutes", _), ("toHours", _), ("toDays", _):
            throw .type(expected: "duration", got: receiver)
        default:
            throw .type(expected: "datetime", got: receiver)
        }
    }

    private static func divisor(_ name: String) -> Int64 {
        switch name {
        case "toSeconds": return 1_000
        case "toMinutes": return 60_000
        case "toHours": return 3_600_000
        case "toDays": return 86_400_000
        default: return 1
        }
    }

    private static func day(of milliseconds: Int64) throws(EvaluationError) -> Int64 {
        let perDay = CedarDatetime.millisecondsPerDay
        let remainder = milliseconds % perDay
        guard remainder < 0 else { return milliseconds - remainder }
        return try checked((milliseconds / perDay - 1).multipliedReportingOverflow(by: perDay))
    }

    private static func checked(_ result: (partialValue: Int64, overflow: Bool)) throws(EvaluationError) -> Int64 {
        if result.overflow { throw .overflow }
        return result.partialValue
    }

    /// Calls an extension constructor such as `ip("10.0.0.1")`.
    static func call(_ name: String, _ arguments: [Value]) throws(EvaluationError) -> Value {
        guard arguments.count == 1 else { throw EvaluationError("`\(name)` takes one argument") }
        guard case .string(let text) = arguments[0] else { throw .type(expected: "String", got: arguments[0]) }
        guard let value = construct(name, text) else { throw EvaluationError("invalid argument to `\(name)`") }
        return value
    }

    /// Builds an extension value from its string form, or nil when the string is malformed.
    static func construct(_ name: String, _ text: String) -> Value? {
        switch name {
        case "ip", "ipaddr": return IPAddress(parsing: text).map(Value.ipaddr)
        case "decimal": return CedarDecimal(parsing: text).map(Value.decimal)
        case "datetime": return CedarDatetime(parsing: text).map(Value.datetime)
        case "duration": return CedarDuration(parsing: text).map(Value.duration)
        default: return nil
        }
    }
}
