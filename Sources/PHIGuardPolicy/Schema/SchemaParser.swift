/// Parses the human-readable schema syntax into declarations, then resolves names into a `Schema`.
struct SchemaParser {
    typealias RawType = SchemaDeclarations.RawType
    typealias RawAttribute = SchemaDeclarations.RawAttribute
    typealias RawEntity = SchemaDeclarations.RawEntity
    typealias RawAction = SchemaDeclarations.RawAction

    var parser: Parser
    var declarations = SchemaDeclarations()

    init(text: String) throws(ParseError) {
        parser = try Parser(text: text)
    }

    /// Reads the whole text and resolves it.
    mutating func schema() throws(ParseError) -> Schema {
        while !parser.isAtEnd {
            _ = try parser.annotations()
            if parser.acceptKeyword("namespace") {
                let namespace = try parser.path().joined(separator: "::")
                try parser.expect("{")
                while !parser.accept("}") {
                    _ = try parser.annotations()
                    try declaration(namespace: namespace)
                }
            } else {
                try declaration(namespace: "")
            }
        }
        return try SchemaResolver(parsed: declarations).resolve()
    }

    static func qualify(_ name: String, in namespace: String) -> String {
        namespace.isEmpty ? name : "\(namespace)::\(name)"
    }

    private mutating func declaration(namespace: String) throws(ParseError) {
        if parser.acceptKeyword("entity") {
            try entity(namespace: namespace)
        } else if parser.acceptKeyword("action") {
            try action(namespace: namespace)
        } else if parser.acceptKeyword("type") {
            let name = try parser.expectIdentifier()
            try parser.expect("=")
            declarations.commonTypes[Self.qualify(name, in: namespace)] = (try type(), namespace)
            try parser.expect(";")
        } else {
            throw parser.unexpected(expecting: "`entity`, `action`, `type` or `namespace`")
        }
    }

    private mutating func entity(namespace: String) throws(ParseError) {
        var names = [try parser.expectIdentifier()]
        while parser.accept(",") { names.append(try parser.expectIdentifier()) }
        var template = RawEntity(name: "", namespace: namespace, memberOf: [])
        if parser.acceptKeyword("enum") {
            try parser.expect("[")
            var ids: [String] = []
            while !parser.current.isPunctuation("]") {
                ids.append(try parser.expectString())
                guard parser.accept(",") else { break }
            }
            try parser.expect("]")
            template.enumeratedIDs = ids
        } else {
            if parser.acceptKeyword("in") { template.memberOf = try typeList() }
            _ = parser.accept("=")
            if parser.current.isPunctuation("{") { template.attributes = try type() }
            if parser.acceptKeyword("tags") { template.tags = try type() }
        }
        try parser.expect(";")
        for name in names {
            template.name = Self.qualify(name, in: namespace)
            declarations.entities.append(template)
        }
    }

    /// Reads `Type` or `[Type, ...]` as entity type paths.
    mutating func typeList() throws(ParseError) -> [[String]] {
        guard parser.accept("[") else { return [try parser.path()] }
        var result: [[String]] = []
        while !parser.current.isPunctuation("]") {
            result.append(try parser.path())
            guard parser.accept(",") else { break }
        }
        try parser.expect("]")
        return result
    }

    mutating func type() throws(ParseError) -> RawType {
        if parser.current.isPunctuation("{") { return try recordType() }
        let location = parser.current.location
        let path = try parser.path()
        if path == ["Set"] {
            try parser.expect("<")
            let element = try type()
            try parser.expect(">")
            return .set(element)
        }
        return .name(path, location)
    }

    private mutating func recordType() throws(ParseError) -> RawType {
        try parser.expect("{")
        var attributes: [String: RawAttribute] = [:]
        while !parser.current.isPunctuation("}") {
            _ = try parser.annotations()
            let name: String
            if case .string(let text) = parser.current.kind {
                name = text
                parser.advance()
            } else {
                name = try parser.expectIdentifier()
            }
            let isRequired = !parser.accept("?")
            try parser.expect(":")
            attributes[name] = RawAttribute(type: try type(), isRequired: isRequired)
            guard parser.accept(",") else { break }
        }
        try parser.expect("}")
        return .record(attributes)
    }
}
