extension Parser {
    /// Reads policies until the end of input, naming them `policy0`, `policy1`, ... by position.
    mutating func policies(idPrefix: String = "policy") throws(ParseError) -> [Policy] {
        var result: [Policy] = []
        while !isAtEnd {
            result.append(try policy(id: "\(idPrefix)\(result.count)"))
        }
        return result
    }

    mutating func policy(id: String) throws(ParseError) -> Policy {
        let location = current.location
        let annotations = try annotations()
        let effect: Policy.Effect
        if acceptKeyword("permit") {
            effect = .permit
        } else if acceptKeyword("forbid") {
            effect = .forbid
        } else {
            throw unexpected(expecting: "`permit` or `forbid`")
        }
        try expect("(")
        let principal = try scope(variable: "principal")
        try expect(",")
        let action = try actionScope()
        try expect(",")
        let resource = try scope(variable: "resource")
        try expect(")")
        let conditions = try conditions()
        try expect(";")
        return Policy(
            id: id, effect: effect, annotations: annotations, principal: principal, action: action,
            resource: resource, conditions: conditions, location: location)
    }

    private mutating func conditions() throws(ParseError) -> [Policy.Condition] {
        var result: [Policy.Condition] = []
        while current.isIdentifier("when") || current.isIdentifier("unless") {
            let isWhen = current.isIdentifier("when")
            advance()
            try expect("{")
            let body = try expression()
            try expect("}")
            result.append(Policy.Condition(isWhen: isWhen, body: body))
        }
        return result
    }

    private mutating func scope(variable: String) throws(ParseError) -> ScopeConstraint {
        try expectKeyword(variable)
        if accept("==") { return .equal(try scopeTarget(variable: variable)) }
        if acceptKeyword("in") { return .in(try scopeTarget(variable: variable)) }
        guard acceptKeyword("is") else { return .any }
        let type = EntityType(try path().joined(separator: "::"))
        guard acceptKeyword("in") else { return .is(type) }
        return .isIn(type, try scopeTarget(variable: variable))
    }

    private mutating func scopeTarget(variable: String) throws(ParseError) -> ScopeConstraint.Target {
        guard accept("?") else { return .entity(try entityUID()) }
        let location = current.location
        let name = try expectIdentifier()
        guard name == variable else { throw ParseError("slot `?\(name)` is not allowed here", at: location) }
        return .slot
    }

    private mutating func actionScope() throws(ParseError) -> ActionConstraint {
        try expectKeyword("action")
        if accept("==") { return .equal(try entityUID()) }
        guard acceptKeyword("in") else { return .any }
        guard accept("[") else { return .in([try entityUID()]) }
        var uids: [EntityUID] = []
        while !current.isPunctuation("]") {
            uids.append(try entityUID())
            guard accept(",") else { break }
        }
        try expect("]")
        return .in(uids)
    }
}
