import Foundation
import PHIGuardAccess
import PHIGuardIdentity
import PHIGuardLedger
import PHIGuardPolicy
import Testing

@testable import PHIGuardServer

/// A signed-in console user on a test instance, talking raw HTTP so redirects are seen, not followed.
struct ConsoleClient {
    let instance: TestInstance
    let user: PHIGuardIdentity.User
    let cookie: String
    let csrf: String

    init(_ instance: TestInstance) throws {
        self.instance = instance
        let context = instance.application.context
        user = try context.users.create(
            username: "policy.admin", displayName: "Policy Admin", role: .securityAdministrator,
            password: "Long-enough-password-1", mustChangePassword: false)
        let started = try context.sessions.start(userID: user.id, remoteAddress: "127.0.0.1")
        cookie = "\(ConsoleRoutes.sessionCookie)=\(started.token)"
        csrf = started.session.csrfToken
    }

    struct Answer {
        let status: Int
        let head: String
        let body: String

        /// The `Location` header of a redirect.
        var location: String? {
            head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("location:") }
                .map { $0.dropFirst("location:".count).trimmingCharacters(in: .whitespaces) }
        }
    }

    func get(_ path: String, signedIn: Bool = true) throws -> Answer {
        try exchange("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (signedIn ? "Cookie: \(cookie)\r\n" : ""))
    }

    /// Posts a form; the session's CSRF token is added unless `csrf` is false.
    func post(_ path: String, _ fields: [(String, String)], csrf: Bool = true) throws -> Answer {
        let all = (csrf ? [("csrf_token", self.csrf)] : []) + fields
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try exchange(
            "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(cookie)\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n",
            body: body)
    }

    private func exchange(_ head: String, body: String = "") throws -> Answer {
        let text = try RawHTTP.exchange(
            port: try #require(instance.server.port), head + "Connection: close\r\n\r\n" + body)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        return Answer(status: status, head: parts[0], body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

@Suite("Console policy pages")
struct PolicyPageTests {
    static let lockout =
        "\n@id(\"billing-paused\")\n@reason(\"Billing is paused for an audit\")\n"
        + "forbid (principal in PHIGuard::Role::\"billing\", action, resource);\n"

    @Test("the pages need a signed-in user, and forms need the session's CSRF token")
    func signedInOnly() throws {
        let instance = try TestInstance()
        let client = try ConsoleClient(instance)
        for path in ["/policies", "/policies/1", "/policies/new", "/policies/diff?from=1&to=1"] {
            let answer = try client.get(path, signedIn: false)
            #expect(answer.status == 303, "\(path)")
            #expect(answer.location == "/signin", "\(path)")
        }
        let forged = try client.post("/policies/1/activate", [], csrf: false)
        #expect(forged.status == 403)
        let forgedTest = try client.post("/policies/test", [("user", "dr.grey")], csrf: false)
        #expect(forgedTest.status == 403)
    }

    @Test("the overview shows the active version with who activated it, every version and the navigation entry")
    func overview() throws {
        let instance = try TestInstance()
        let client = try ConsoleClient(instance)
        let page = try client.get("/policies")
        #expect(page.status == 200)
        #expect(page.body.contains("id=\"active-version\""))
        #expect(page.body.contains("Activated by</dt><dd>phiguard"))
        #expect(page.body.contains("HIPAA policy pack shipped with PHIGuard"))
        #expect(page.body.contains(" permit, "))
        #expect(page.body.contains("<a href=\"/policies\" aria-current=\"page\">Access policies</a>"))
        #expect(page.body.contains("href=\"/policies/1\""))
        #expect(page.body.contains("id=\"try-out-form\""))
        #expect(!page.body.contains("<script"))
        #expect(try client.get("/policies/9").status == 404)
        #expect(try client.get("/policies/new?from=9").status == 404)
    }

    @Test("check validates without storing, names the line, and keeps the text as typed")
    func check() throws {
        let instance = try TestInstance()
        let client = try ConsoleClient(instance)
        let broken = "permit (principal, action, resource);\r\nforbid (principal action, resource);\r\n<b>"
        let answer = try client.post(
            "/policies/new",
            [("policies", broken), ("schema", HIPAAPolicyPack.schema), ("comment", ""), ("intent", "check")])
        #expect(answer.status == 200)
        #expect(answer.body.contains("policies line 2, column"))
        #expect(answer.body.contains("<tr id=\"policies-L2\" class=\"problem\">"))
        #expect(answer.body.contains("<textarea"))
        #expect(answer.body.contains("forbid (principal action, resource);\n&lt;b&gt;</textarea>"))
        #expect(try instance.application.context.policies.list().count == 1)

        let valid = try client.post(
            "/policies/new",
            [("policies", HIPAAPolicyPack.policies), ("schema", HIPAAPolicyPack.schema), ("intent", "check")])
        #expect(valid.body.contains("No problems"))
        #expect(try instance.application.context.policies.list().count == 1)
    }

    @Test("a schema that does not parse is shown by its own line numbers")
    func schemaProblem() throws {
        let instance = try TestInstance()
        let client = try ConsoleClient(instance)
        let answer = try client.post(
            "/policies/new",
            [
                ("policies", HIPAAPolicyPack.policies), ("schema", "namespace PHIGuard {\n  entity User = {\n}"),
                ("intent", "save"),
            ])
        #expect(answer.status == 422)
        #expect(answer.body.contains("Not saved: the text does not parse."))
        #expect(answer.body.contains("href=\"#schema-L3\">schema line 3"))
        #expect(answer.body.contains("id=\"listing-schema\""))
        #expect(!answer.body.contains("id=\"listing-policies\""))
        #expect(try instance.application.context.policies.list().count == 1)
    }

    @Test(
        "the test form names each bad field",
        arguments: [
            ([("record", "r-1"), ("patient", "p-1")], PolicyTryOut.Field.record),
            ([("category", "general")], .patient),
            ([("patient", "p-1")], .category),
            ([("patient", "p-1"), ("category", "general"), ("hour", "24")], .hour),
            ([("patient", "p-1"), ("category", "general"), ("mfa_age", "-1")], .mfaAge),
            ([("patient", "p-1"), ("category", "general"), ("user", "")], .user),
        ])
    func badFields(_ changes: [(String, String)], field: PolicyTryOut.Field) {
        var fields = [
            "user": "dr.grey", "action": "view", "purpose": "TREAT", "network": "internal", "mfa_age": "5",
        ]
        for (name, value) in changes { fields[name] = value }
        let body = fields.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        var tryOut = PolicyTryOut(form: FormData(Array(body.utf8)))
        #expect(tryOut.request() == nil)
        #expect(Array(tryOut.errors.keys) == [field])
    }

    @Test("the test form builds the request the decision API would get")
    func goodFields() throws {
        let body = "user=dr.grey&action=view&record=r-1&purpose=ETREAT&network=remote&mfa_age=12&hour=3&device=d-9"
        var tryOut = PolicyTryOut(form: FormData(Array(body.utf8)))
        let built = tryOut.request()
        let request = try #require(built)
        #expect(request.record == "r-1" && request.patient == nil && request.device == "d-9")
        #expect(request.context["mfaAgeMinutes"] == .integer(12))
        #expect(request.context["hour"] == .integer(3))
        #expect(request.context["network"] == .string("remote"))
        #expect(request.context["btgJustification"] == nil)
    }

    @Test("saving stores a version with a policy.create event; a version that validates is activated as the API does")
    func saveAndActivate() throws {
        let instance = try TestInstance()
        let client = try ConsoleClient(instance)
        let context = instance.application.context

        let invalid = try client.post(
            "/policies/new",
            [
                ("policies", "permit (principal, action, resource) when { resource.nope };"),
                ("schema", HIPAAPolicyPack.schema), ("comment", "broken on purpose"), ("intent", "save"),
            ])
        #expect(invalid.status == 303)
        #expect(invalid.location == "/policies/2")
        let invalidPage = try client.get("/policies/2")
        #expect(invalidPage.body.contains("does not validate"))
        #expect(invalidPage.body.contains("<tr id=\"policies-L1\" class=\"problem\">"))
        #expect(invalidPage.body.contains("href=\"#policies-L1\">policies line 1, column 1</a>"))
        #expect(!invalidPage.body.contains("id=\"activate\""))
        #expect(try client.post("/policies/2/activate", []).status == 422)

        let before = context.ledger.size
        let saved = try client.post(
            "/policies/new",
            [
                ("policies", HIPAAPolicyPack.policies + Self.lockout), ("schema", HIPAAPolicyPack.schema),
                ("comment", "pause billing"), ("intent", "save"),
            ])
        #expect(saved.location == "/policies/3")
        let created = try #require(try context.ledger.entry(at: before).event)
        #expect(created.action == .policyCreate)
        #expect(created.actor.userID == client.user.id)
        #expect(created.actor.role == "security_administrator")
        #expect(try context.policies.version(3).createdBy == client.user.id)

        let page = try client.get("/policies/3")
        #expect(page.body.contains("id=\"activate\""))
        #expect(page.body.contains("<option value=\"2\" selected>"))
        let activated = try client.post("/policies/3/activate", [])
        #expect(activated.status == 303)
        #expect(try context.policies.activeVersionNumber() == 3)
        let event = try #require(try context.ledger.entry(at: before + 1).event)
        #expect(event.action == .policyActivate)
        #expect(event.resource?.id == "3")
        #expect(try client.get("/policies").body.contains("Activated by</dt><dd>policy.admin"))
    }

    @Test("the diff marks the added lines of the policies and finds the schema unchanged")
    func diff() throws {
        let instance = try TestInstance()
        let client = try ConsoleClient(instance)
        _ = try client.post(
            "/policies/new",
            [
                ("policies", HIPAAPolicyPack.policies + Self.lockout), ("schema", HIPAAPolicyPack.schema),
                ("intent", "save"),
            ])
        let page = try client.get("/policies/diff?from=1&to=2")
        #expect(page.status == 200)
        #expect(page.body.contains("Policies: 3 lines added, 0 lines removed"))
        #expect(page.body.contains("Schema: no changes"))
        #expect(page.body.contains("<td class=\"mark\">+</td><td class=\"code\">@id(&quot;billing-paused&quot;)</td>"))
        #expect(page.body.contains("class=\"folded\""))
        let backwards = try client.get("/policies/diff?from=2&to=1")
        #expect(backwards.body.contains("Policies: 0 lines added, 3 lines removed"))
        #expect(backwards.body.contains("<tr class=\"removed\">"))
        #expect(try client.get("/policies/diff?from=1&to=7").status == 404)
    }

    @Test("the test form decides with the chosen version and records nothing")
    func tryOut() throws {
        let instance = try TestInstance()
        let client = try ConsoleClient(instance)
        let context = instance.application.context
        try context.directory.upsert(
            json: Data(AccessAPITests.entities.utf8), schema: try context.policies.current().schema)
        let before = context.ledger.size
        func ask(_ user: String, _ category: String, mfa: String = "5") throws -> ConsoleClient.Answer {
            try client.post(
                "/policies/test",
                [
                    ("version", "1"), ("user", user), ("action", "view"), ("patient", "p-1"), ("category", category),
                    ("purpose", "TREAT"), ("network", "internal"), ("mfa_age", mfa), ("hour", "10"),
                ])
        }
        let allowed = try ask("dr.grey", "general")
        #expect(allowed.status == 200)
        #expect(allowed.body.contains("<strong class=\"ok\" id=\"decision-outcome\">allow</strong>"))
        #expect(allowed.body.contains("physician-treatment"))
        #expect(allowed.body.contains("Physicians view and document clinical PHI"))
        #expect(allowed.body.contains("value=\"dr.grey\""))

        let denied = try ask("dr.grey", "psychotherapy_notes")
        #expect(denied.body.contains("id=\"decision-outcome\">deny</strong>"))
        #expect(denied.body.contains("psychotherapy-notes-author-or-treating-bh"))

        let defaulted = try ask("clerk", "mental_health")
        #expect(defaulted.body.contains("denied by default") || defaulted.body.contains("Forbidden by"))

        let bad = try ask("dr.grey", "general", mfa: "soon")
        #expect(bad.status == 422)
        #expect(bad.body.contains("id=\"error-mfa_age\""))
        #expect(bad.body.contains("value=\"soon\""))

        let unknownAction = try client.post(
            "/policies/test",
            [
                ("version", "1"), ("user", "dr.grey"), ("action", "fly"), ("record", "r-1"), ("purpose", "TREAT"),
                ("network", "internal"), ("mfa_age", "5"),
            ])
        #expect(unknownAction.status == 422)
        #expect(unknownAction.body.contains("id=\"error-action\" role=\"alert\">Is not an action the schema declares."))

        let glass = try client.post(
            "/policies/test",
            [
                ("version", "1"), ("user", "dr.grey"), ("action", "view"), ("patient", "p-1"), ("category", "general"),
                ("purpose", "BTG"), ("network", "internal"), ("mfa_age", "5"), ("btg_justification", "Unconscious"),
            ])
        #expect(glass.body.contains("id=\"decision-obligations\">btg_review, notify_privacy_officer</span>"))
        #expect(glass.body.contains("btgJustification given"))

        let noVersion = try client.post("/policies/test", [("version", "8"), ("user", "dr.grey")])
        #expect(noVersion.body.contains("id=\"error-version\""))

        #expect(context.ledger.size == before)
        let replay = try context.decisionLog.replay(
            since: .distantPast, with: try context.policies.current(), decider: context.decider)
        #expect(replay.replayed == 0)
        #expect(!instance.logs.text.contains("p-1"))
    }
}
