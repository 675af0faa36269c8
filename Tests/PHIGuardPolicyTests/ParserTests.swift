import Testing

@testable import PHIGuardPolicy

@Suite("Policy parser")
struct ParserTests {
    private func parse(_ text: String) throws -> Expression {
        var parser = try Parser(text: text)
        let expression = try parser.expression()
        #expect(parser.isAtEnd)
        return expression
    }

    @Test("Multiplication binds tighter than addition and addition tighter than comparison")
    func arithmeticPrecedence() throws {
        let expected = Expression.binary(
            .less,
            .binary(.add, .literal(.long(1)), .binary(.multiply, .literal(.long(2)), .literal(.long(3)))),
            .literal(.long(7)))
        #expect(try parse("1 + 2 * 3 < 7") == expected)
    }

    @Test("And binds tighter than or")
    func booleanPrecedence() throws {
        let expected = Expression.binary(
            .or, .literal(.bool(true)), .binary(.and, .literal(.bool(false)), .literal(.bool(false))))
        #expect(try parse("true || false && false") == expected)
    }

    @Test("Unary minus on a literal makes a negative literal, including the minimum Long")
    func negativeLiterals() throws {
        #expect(try parse("-9223372036854775808") == .literal(.long(.min)))
        #expect(try parse("-(1)") == .negate(.literal(.long(1))))
        #expect(throws: ParseError.self) { try parse("9223372036854775808") }
    }

    @Test("Member access, indexing and method calls chain left to right")
    func memberAccess() throws {
        let expected = Expression.method(
            .attribute(.attribute(.variable(.principal), "a"), "b c"), "contains", [.literal(.long(1))])
        #expect(try parse(#"principal.a["b c"].contains(1)"#) == expected)
    }

    @Test("Namespaced entity literals keep every path segment")
    func namespacedEntity() throws {
        #expect(try parse(#"A::B::"id""#) == .literal(.entity(EntityUID("A::B", "id"))))
    }

    @Test("`is ... in` reads as a type test and a hierarchy test")
    func isIn() throws {
        let expected = Expression.binary(
            .and, .isType(.variable(.principal), EntityType("User")),
            .binary(.in, .variable(.principal), .literal(.entity(EntityUID("Group", "g")))))
        #expect(try parse(#"principal is User in Group::"g""#) == expected)
    }

    @Test("String escapes decode as Cedar defines them")
    func stringEscapes() throws {
        #expect(try parse(#""a\n\t\"\u{1F600}\0""#) == .literal(.string("a\n\t\"\u{1F600}\0")))
        #expect(throws: ParseError.self) { try parse(#""\q""#) }
        #expect(throws: ParseError.self) { try parse(#""\*""#) }
    }

    @Test("Relations do not chain")
    func relationsDoNotChain() {
        #expect(throws: ParseError.self) {
            var parser = try Parser(text: "1 == 2 == 3")
            _ = try parser.expression()
            if !parser.isAtEnd { throw parser.unexpected(expecting: "end of input") }
        }
    }

    @Test("Errors carry the line and column of the offending token")
    func errorLocation() throws {
        let text = "permit(principal, action, resource)\nwhen { 1 + };"
        let error = try #require(throws: ParseError.self) { try PolicySet(text: text) }
        #expect(error.location == SourceLocation(line: 2, column: 12))
    }

    @Test("Policies get positional ids, annotations and scopes")
    func policyScopes() throws {
        let text = """
            @id("first") @advice
            permit(principal == User::"a", action in [Action::"r", Action::"w"], resource is Doc in Folder::"f");
            forbid(principal in Group::"g", action == Action::"d", resource) unless { context.ok };
            """
        let set = try PolicySet(text: text)
        let first = try #require(set.policies["policy0"])
        #expect(first.annotations == ["id": "first", "advice": ""])
        #expect(first.principal == .equal(.entity(EntityUID("User", "a"))))
        #expect(first.action == .in([EntityUID("Action", "r"), EntityUID("Action", "w")]))
        #expect(first.resource == .isIn(EntityType("Doc"), .entity(EntityUID("Folder", "f"))))
        let second = try #require(set.policies["policy1"])
        #expect(second.effect == .forbid)
        #expect(second.conditions.first?.isWhen == false)
    }

    @Test("Templates take part only once linked")
    func templateLinking() throws {
        var set = try PolicySet(text: "permit(principal == ?principal, action, resource in ?resource);")
        #expect(set.policies.isEmpty)
        #expect(set.templates["policy0"] != nil)
        try set.link(
            template: "policy0", newID: "link0", principal: EntityUID("User", "a"), resource: EntityUID("Doc", "d"))
        let request = Request(
            principal: EntityUID("User", "a"), action: EntityUID("Action", "x"), resource: EntityUID("Doc", "d"))
        let response = Authorizer().isAuthorized(request, policies: set, entities: Entities())
        #expect(response.decision == .allow)
        #expect(response.reasons == ["link0"])
    }

    @Test("Unknown methods and functions are rejected when parsing")
    func unknownCalls() {
        #expect(throws: ParseError.self) { try parse("[1].size()") }
        #expect(throws: ParseError.self) { try parse(#"unknown("x")"#) }
    }
}
