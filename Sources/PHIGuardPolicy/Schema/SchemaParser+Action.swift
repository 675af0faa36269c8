extension SchemaParser {
    mutating func action(namespace: String) throws(ParseError) {
        var names = [try actionName()]
        while parser.accept(",") { names.append(try actionName()) }
        let actionType = EntityType(Self.qualify("Action", in: namespace))
        var template = RawAction(
            uid: EntityUID(type: actionType, id: ""), namespace: namespace, memberOf: [], principals: [],
            resources: [], context: nil, hasAppliesTo: false)
        if parser.acceptKeyword("in") { template.memberOf = try actionReferences(namespace: namespace) }
        if parser.acceptKeyword("appliesTo") { try appliesTo(&template) }
        if parser.acceptKeyword("attributes") { _ = try type() }
        try parser.expect(";")
        for name in names {
            template.uid.id = name
            declarations.actions.append(template)
        }
    }

    private mutating func actionName() throws(ParseError) -> String {
        if case .string(let text) = parser.current.kind {
            parser.advance()
            return text
        }
        return try parser.expectIdentifier()
    }

    private mutating func actionReferences(namespace: String) throws(ParseError) -> [EntityUID] {
        guard parser.accept("[") else { return [try actionReference(namespace: namespace)] }
        var result: [EntityUID] = []
        while !parser.current.isPunctuation("]") {
            result.append(try actionReference(namespace: namespace))
            guard parser.accept(",") else { break }
        }
        try parser.expect("]")
        return result
    }

    /// Reads `"name"`, `name` or `Path::"name"`; unqualified names are actions of the current namespace.
    private mutating func actionReference(namespace: String) throws(ParseError) -> EntityUID {
        let defaultType = EntityType(Self.qualify("Action", in: namespace))
        if case .string(let text) = parser.current.kind {
            parser.advance()
            return EntityUID(type: defaultType, id: text)
        }
        let path = try parser.path()
        guard parser.accept("::") else { return EntityUID(type: defaultType, id: path.joined(separator: "::")) }
        let id = try parser.expectString()
        let type = path == ["Action"] ? defaultType : EntityType(path.joined(separator: "::"))
        return EntityUID(type: type, id: id)
    }

    private mutating func appliesTo(_ action: inout RawAction) throws(ParseError) {
        action.hasAppliesTo = true
        try parser.expect("{")
        while !parser.current.isPunctuation("}") {
            let location = parser.current.location
            let key = try parser.expectIdentifier()
            try parser.expect(":")
            switch key {
            case "principal": action.principals = try typeList()
            case "resource": action.resources = try typeList()
            case "context": action.context = try type()
            default: throw ParseError("unexpected `\(key)` in appliesTo", at: location)
            }
            guard parser.accept(",") else { break }
        }
        try parser.expect("}")
    }
}
