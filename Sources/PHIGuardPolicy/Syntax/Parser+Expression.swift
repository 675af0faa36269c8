extension Parser {
    private static let relations: [String: Expression.BinaryOperator] = [
        "==": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]

    /// Reads an expression: `if` or a chain of `||`.
    mutating func expression() throws(ParseError) -> Expression {
        if acceptKeyword("if") {
            let condition = try expression()
            try expectKeyword("then")
            let then = try expression()
            try expectKeyword("else")
            let otherwise = try expression()
            return .ifThenElse(condition, then, otherwise)
        }
        var result = try conjunction()
        while accept("||") { result = .binary(.or, result, try conjunction()) }
        return result
    }

    private mutating func conjunction() throws(ParseError) -> Expression {
        var result = try relation()
        while accept("&&") { result = .binary(.and, result, try relation()) }
        return result
    }

    private mutating func relation() throws(ParseError) -> Expression {
        let left = try additive()
        if case .punctuation(let text) = current.kind, let op = Self.relations[text] {
            advance()
            return .binary(op, left, try additive())
        }
        if acceptKeyword("in") { return .binary(.in, left, try additive()) }
        if acceptKeyword("has") { return try hasChain(left) }
        if acceptKeyword("like") {
            guard case .string = current.kind else { throw unexpected(expecting: "a pattern string") }
            let pattern = try StringEscapes.decodePattern(current.raw, at: current.location)
            advance()
            return .like(left, pattern)
        }
        guard acceptKeyword("is") else { return left }
        let type = EntityType(try path().joined(separator: "::"))
        guard acceptKeyword("in") else { return .isType(left, type) }
        return .binary(.and, .isType(left, type), .binary(.in, left, try additive()))
    }

    /// Reads `has a` or `has "a"`, and `has a.b.c` as `has a && a has b && ...`.
    private mutating func hasChain(_ base: Expression) throws(ParseError) -> Expression {
        if case .string(let name) = current.kind {
            advance()
            return .has(base, name)
        }
        var names = [try expectIdentifier()]
        while current.isPunctuation("."), peek().identifier != nil {
            advance()
            names.append(try expectIdentifier())
        }
        var result = Expression.has(base, names[0])
        var target = Expression.attribute(base, names[0])
        for name in names.dropFirst() {
            result = .binary(.and, result, .has(target, name))
            target = .attribute(target, name)
        }
        return result
    }

    private mutating func additive() throws(ParseError) -> Expression {
        var result = try multiplicative()
        while true {
            if accept("+") {
                result = .binary(.add, result, try multiplicative())
            } else if accept("-") {
                result = .binary(.subtract, result, try multiplicative())
            } else {
                return result
            }
        }
    }

    private mutating func multiplicative() throws(ParseError) -> Expression {
        var result = try unary()
        while accept("*") { result = .binary(.multiply, result, try unary()) }
        return result
    }

    private mutating func unary() throws(ParseError) -> Expression {
        var operators: [String] = []
        while current.isPunctuation("!") || current.isPunctuation("-") {
            if case .punctuation(let text) = current.kind { operators.append(text) }
            advance()
        }
        guard operators.count <= 4 else { throw ParseError("too many unary operators", at: current.location) }
        var result: Expression
        if operators.last == "-", case .integer(let magnitude) = current.kind {
            result = try negativeLiteral(magnitude)
            advance()
            result = try accessors(result)
            operators.removeLast()
        } else {
            result = try member()
        }
        for op in operators.reversed() { result = op == "!" ? .not(result) : .negate(result) }
        return result
    }

    private func negativeLiteral(_ magnitude: UInt64) throws(ParseError) -> Expression {
        guard magnitude <= UInt64(Int64.max) + 1 else {
            throw ParseError("integer literal is out of range", at: current.location)
        }
        return .literal(.long(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)))
    }

    private mutating func member() throws(ParseError) -> Expression {
        try accessors(try primary())
    }

    /// Reads `.name`, `.name(args)` and `["name"]` after a primary expression.
    mutating func accessors(_ base: Expression) throws(ParseError) -> Expression {
        var result = base
        while true {
            if accept(".") {
                let location = current.location
                let name = try expectIdentifier()
                if accept("(") {
                    result = try methodCall(result, name, arguments: try expressionList(closing: ")"), at: location)
                } else {
                    result = .attribute(result, name)
                }
            } else if current.isPunctuation("[") {
                advance()
                let name = try expectString()
                try expect("]")
                result = .attribute(result, name)
            } else {
                return result
            }
        }
    }

    /// Reads comma-separated expressions up to the closing punctuation, which it consumes.
    mutating func expressionList(closing: String) throws(ParseError) -> [Expression] {
        var result: [Expression] = []
        while !current.isPunctuation(closing) {
            result.append(try expression())
            guard accept(",") else { break }
        }
        try expect(closing)
        return result
    }
}
