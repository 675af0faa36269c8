import PHIGuardHTTP
import Testing

@Suite("Request body decoding")
struct RequestDecodingTests {
    struct Visit: Decodable {
        struct Note: Decodable { var text: String }
        var patient: String
        var age: Int
        var notes: [Note]
    }

    private func problem(decoding body: String) throws -> Problem {
        let request = HTTPRequest(method: "POST", path: "/visits", body: Array(body.utf8))
        do {
            _ = try request.decode(Visit.self)
        } catch let problem as Problem {
            return problem
        }
        throw RawHTTPClient.Failure(description: "decoding succeeded")
    }

    @Test("a well-formed body decodes")
    func decodes() throws {
        let body = #"{"patient":"p1","age":40,"notes":[{"text":"ok"}]}"#
        let visit = try HTTPRequest(method: "POST", path: "/", body: Array(body.utf8)).decode(Visit.self)
        #expect(visit.age == 40)
    }

    @Test("text that is not JSON is a 400 without field errors")
    func notJSON() throws {
        let problem = try problem(decoding: "{nope")
        #expect(problem.status == 400)
        #expect(problem.errors == nil)
    }

    @Test("a wrong type is named by its JSON pointer, and the value is not echoed")
    func wrongType() throws {
        let problem = try problem(decoding: #"{"patient":"p1","age":"forty","notes":[]}"#)
        #expect(problem.status == 400)
        let error = try #require(problem.errors?.first)
        #expect(error.pointer == "/age")
        #expect(error.detail == "Expected an integer.")
        #expect(!(problem.detail ?? "").contains("forty"))
    }

    @Test("a missing field inside an array is pointed to")
    func missingNestedField() throws {
        let problem = try problem(decoding: #"{"patient":"p1","age":1,"notes":[{"text":"a"},{}]}"#)
        #expect(problem.errors == [Problem.FieldError(pointer: "/notes/1/text", detail: "This field is required.")])
    }

    @Test("an empty body is a 400")
    func emptyBody() throws {
        #expect(try problem(decoding: "").status == 400)
    }
}
