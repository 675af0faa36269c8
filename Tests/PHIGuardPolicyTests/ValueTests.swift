import Testing

@testable import PHIGuardPolicy

@Suite("Values and operators")
struct ValueTests {
    private func evaluate(_ text: String, entities: Entities = Entities()) throws -> Value {
        var parser = try Parser(text: text)
        let expression = try parser.expression()
        let request = Request(
            principal: EntityUID("User", "alice"), action: EntityUID("Action", "view"),
            resource: EntityUID("Doc", "d"), context: ["n": .long(3)])
        return try Evaluator(request: request, entities: entities).evaluate(expression)
    }

    @Test(
        "Long arithmetic overflow is an evaluation error",
        arguments: [
            "9223372036854775807 + 1", "-9223372036854775808 - 1", "4611686018427387904 * 2", "-(-9223372036854775808)",
        ])
    func overflow(_ text: String) {
        #expect(throws: EvaluationError.self) { try evaluate(text) }
    }

    @Test(
        "Decimals parse with up to four fractional digits",
        arguments: [
            ("1.5", Int64(15_000)), ("-0.0001", -1), ("922337203685477.5807", .max), ("-922337203685477.5808", .min),
        ])
    func decimalParsing(_ text: String, _ scaled: Int64) {
        #expect(CedarDecimal(parsing: text)?.scaled == scaled)
    }

    @Test(
        "Malformed or out-of-range decimals are rejected",
        arguments: [
            "1", "1.", ".5", "1.23456", "922337203685477.5808", "1.2.3", "+1.0", "1e3",
        ])
    func decimalRejects(_ text: String) {
        #expect(CedarDecimal(parsing: text) == nil)
    }

    @Test("IP ranges contain their addresses and not the other family")
    func ipRanges() throws {
        let range = try #require(IPAddress(parsing: "10.0.0.0/8"))
        #expect(try #require(IPAddress(parsing: "10.1.2.3")).isInRange(range))
        #expect(try #require(IPAddress(parsing: "10.1.0.0/16")).isInRange(range))
        #expect(!(try #require(IPAddress(parsing: "11.0.0.1")).isInRange(range)))
        #expect(!(try #require(IPAddress(parsing: "::a00:1")).isInRange(range)))
        #expect(try #require(IPAddress(parsing: "127.0.0.1")).isLoopback)
        #expect(try #require(IPAddress(parsing: "::1")).isLoopback)
        #expect(try #require(IPAddress(parsing: "ff02::1")).isMulticast)
        #expect(IPAddress(parsing: "1.2.3") == nil)
        #expect(IPAddress(parsing: "1.2.3.4/33") == nil)
        #expect(IPAddress(parsing: "01.2.3.4") == nil)
    }

    @Test("Datetimes and durations parse, compare and combine")
    func datetimes() throws {
        #expect(
            try evaluate(#"datetime("2024-01-01T00:00:00Z") < datetime("2024-01-01T00:00:00.001Z")"#) == .bool(true))
        #expect(try evaluate(#"datetime("2024-01-01T01:00:00+0100") == datetime("2024-01-01")"#) == .bool(true))
        #expect(try evaluate(#"duration("1d2h").toHours()"#) == .long(26))
        #expect(
            try evaluate(#"datetime("1969-12-31T23:00:00Z").toTime()"#)
                == .duration(CedarDuration(milliseconds: 82_800_000)))
        #expect(throws: EvaluationError.self) { try evaluate(#"datetime("2023-02-29")"#) }
        #expect(throws: EvaluationError.self) { try evaluate(#"duration("1h1d")"#) }
    }

    @Test("Equality across types is false, ordering across types is an error")
    func mixedTypes() throws {
        #expect(try evaluate(#"1 == "1""#) == .bool(false))
        #expect(try evaluate("[1, 2] == [2, 1, 1]") == .bool(true))
        #expect(throws: EvaluationError.self) { try evaluate(#"1 < "2""#) }
    }

    @Test("And and or short-circuit but reject non-Bool operands")
    func shortCircuit() throws {
        #expect(try evaluate("false && (1 + 9223372036854775807 > 0)") == .bool(false))
        #expect(try evaluate("true || 1") == .bool(true))
        #expect(throws: EvaluationError.self) { try evaluate("true && 1") }
        #expect(throws: EvaluationError.self) { try evaluate("1 || true") }
    }

    @Test("`in` follows the hierarchy transitively")
    func hierarchy() throws {
        let entities = Entities([
            Entity(uid: EntityUID("User", "alice"), parents: [EntityUID("Group", "a")]),
            Entity(uid: EntityUID("Group", "a"), parents: [EntityUID("Group", "b")]),
        ])
        #expect(try evaluate(#"principal in Group::"b""#, entities: entities) == .bool(true))
        #expect(try evaluate(#"principal in [Group::"c", Group::"b"]"#, entities: entities) == .bool(true))
        #expect(try evaluate(#"Group::"b" in principal"#, entities: entities) == .bool(false))
        #expect(throws: EvaluationError.self) { try evaluate(#"principal in [1]"#, entities: entities) }
    }
}
