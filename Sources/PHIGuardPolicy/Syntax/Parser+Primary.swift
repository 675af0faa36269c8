extension Parser {
    private static let functions: Set<String> = ["ip", "decimal", "datetime", "duration"]
    /// Built-in methods are checked for arity when parsing; extension methods only when called.
    private static let builtinArity: [String: Int] = [
        "contains": 1, "containsAll": 1, "containsAny": 1, "isEmpty": 0, "getTag": 1, "hasTag": 1,
    ]
    static let extensionArity: [String: Int] = [
        "lessThan": 1, "lessThanOrEqual": 1, "greaterThan": 1, "greaterThanOrEqual": 1,
        "isIpv4": 0, "isIpv6": 0, "isLoopback": 0, "isMulticast": 0, "isInRange": 1,
        "offset": 1, "durationSince": 1, "toDate": 0, "toTime": 0,
        "toMilliseconds": 0, "toSeconds": 0, "toMinutes": 0, "toHours": 0, "toDays": 0,
    ]

    mutating func primary() throws(ParseError) -> Expression {
        let token = current
        switch token.kind {
        case .integer(let value):
            guard value <= UInt64(Int64.max) else {
                throw ParseError("integer literal is out of range", at: token.location)
            }
            advance()
            return .literal(.long(Int64(value)))
        case .string(let value):
            guard !token.isPatternOnly else { throw ParseError("invalid escape `\\*` in string", at: token.location) }
            advance()
            return .literal(.string(value))
        case .identifier(let name):
            return try named(name)
        case .punctuation("("):
            advance()
            let inner = try expression()
            try expect(")")
            return inner
        case .punctuation("["):
            advance()
            return .set(try expressionList(closing: "]"))
        case .punctuation("{"):
            advance()
            return try record()
        case .punctuation("?"):
            return try slot()
        default:
            throw unexpected(expecting: "an expression")
        }
    }

    private mutating func named(_ name: String) throws(ParseError) -> Expression {
        let location = current.location
        if name == "true" || name == "false" {
            advance()
            return .literal(.bool(name == "true"))
        }
        if name == "if" { return try expression() }
        if let variable = Expression.Variable(rawValue: name), !peek().isPunctuation("::") {
            advance()
            return .variable(variable)
        }
        let parts = try path()
        if accept("(") {
            let qualified = parts.joined(separator: "::")
            guard Self.functions.contains(qualified) else {
                throw ParseError("`\(qualified)` is not a function", at: location)
            }
            return .call(qualified, try expressionList(closing: ")"))
        }
        guard accept("::") else { throw ParseError("unexpected identifier `\(name)`", at: location) }
        let id = try expectString()
        return .literal(.entity(EntityUID(type: EntityType(parts.joined(separator: "::")), id: id)))
    }

    private mutating func slot() throws(ParseError) -> Expression {
        let location = current.location
        advance()
        let name = try expectIdentifier()
        guard let slot = Expression.Slot(rawValue: "?\(name)") else {
            throw ParseError("unknown slot `?\(name)`", at: location)
        }
        return .slot(slot)
    }

    private mutating func record() throws(ParseError) -> Expression {
        var fields: [String: Expression] = [:]
        while !current.isPunctuation("}") {
            let location = current.location
            let key: String
            if case .string(let value) = current.kind {
                key = value
                advance()
            } else {
                key = try expectIdentifier()
            }
            try expect(":")
            guard fields.updateValue(try expression(), forKey: key) == nil else {
                throw ParseError("duplicate record key `\(key)`", at: location)
            }
            guard accept(",") else { break }
        }
        try expect("}")
        return .record(fields)
    }

    /// Checks a method name and arity; Cedar rejects unknown methods when parsing.
    mutating func methodCall(
        _ receiver: Expression,
        _ name: String,
        arguments: [Expression],
        at location: SourceLocation
    ) throws(ParseError) -> Expression {
        if Self.extensionArity[name] != nil { return .method(receiver, name, arguments) }
        guard let arity = Self.builtinArity[name] else { throw ParseError("`\(name)` is not a method", at: location) }
        guard arguments.count == arity else {
            throw ParseError("`\(name)` takes \(arity) argument(s), got \(arguments.count)", at: location)
        }
        return .method(receiver, name, arguments)
    }
}
