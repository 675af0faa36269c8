import Foundation
import PHIGuardAccess
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardPolicy

/// The console's access policy pages: the active version with every version and a form to test a request,
/// one version with its problems by line and activation, the editor, and the diff between two versions.
struct PolicyPage {
    let context: ServerContext

    func register(on router: Router) {
        let gate = ConsoleRoutes(context: context)
        router.get("/policies", summary: "Policy versions and a test form", tag: "console", isAPI: false) { request in
            try gate.signedIn(request) { session in
                try overview(session: session, tryOut: PolicyTryOut(query: request.query), outcome: nil)
            }
        }
        router.post("/policies/test", summary: "Test a request against a version", tag: "console", isAPI: false) {
            request in
            try gate.signedIn(request) { try test(request, session: $0) }
        }
        router.get("/policies/new", summary: "Policy editor", tag: "console", isAPI: false) { request in
            try gate.signedIn(request) { try newVersion(request, session: $0) }
        }
        router.post("/policies/new", summary: "Check or save edited policies", tag: "console", isAPI: false) {
            request in
            try gate.signedIn(request) { try checkOrSave(request, session: $0) }
        }
        router.get("/policies/diff", summary: "Differences between two versions", tag: "console", isAPI: false) {
            request in
            try gate.signedIn(request) { try diff(request, session: $0) }
        }
        router.get("/policies/{version}", summary: "One policy version", tag: "console", isAPI: false) { request in
            try gate.signedIn(request) { try versionPage(try number(request), session: $0, message: nil) }
        }
        router.post(
            "/policies/{version}/activate", summary: "Activate a policy version", tag: "console", isAPI: false
        ) { request in
            try gate.signedIn(request) { try activate(request, session: $0) }
        }
    }

    // MARK: Overview

    func overview(session: ConsoleSession, tryOut: PolicyTryOut, outcome: HTML?, status: Int = 200) throws
        -> HTTPResponse
    {
        let versions = try context.policies.list()
        let activation = try context.policies.latestActivation()
        let rows: [[HTML]] = try versions.map { version in
            [
                H.a("/policies/\(version.version)", "Version \(version.version)"), .text(version.comment),
                .text(try actorName(version.createdBy)), .text(ISO8601.format(version.createdAt)),
                version.version == activation?.version ? .element("span", ["class": "ok"], ["active"]) : .empty,
            ]
        }
        let page = Layout.page(
            title: "Access policies", current: "/policies", session: session,
            try activeSummary(activation),
            .element("div", ["class": "actions"], [H.a("/policies/new", "Write a new version")]),
            H.h2("Versions"),
            .element(
                "div", ["id": "versions"],
                [H.table(headers: ["Version", "Comment", "Created by", "Created", "State"], rows: rows)]),
            .element("h2", ["id": "try-out"], ["Test a request"]),
            H.p(
                .text(
                    "Decides a request with the version chosen, exactly as the decision API would, but records "
                        + "nothing: not in the ledger, not in the decision log.")),
            tryOutForm(tryOut, session: session, versions: versions.map(\.version), active: activation?.version),
            outcome ?? .empty)
        return .html(page, status: status)
    }

    private func activeSummary(_ activation: PolicyActivation?) throws -> HTML {
        guard let activation else {
            return H.flash("error", "No version is active, so every access request is refused.")
        }
        let stored = try context.policies.version(activation.version)
        let current = try context.policies.current()
        let set =
            current.version == activation.version
            ? current.policies : try context.policies.compiled(activation.version).0.policies
        let permits = set.policies.values.count { $0.effect == .permit }
        let forbids = set.policies.values.count { $0.effect == .forbid }
        var counts = "\(set.policies.count) policies: \(permits) permit, \(forbids) forbid"
        if !set.templates.isEmpty { counts += ", \(set.templates.count) templates" }
        return .element(
            "div", ["id": "active-version"],
            [
                H.dl([
                    (
                        "Active version",
                        .element(
                            "strong", [:], [H.a("/policies/\(activation.version)", "Version \(activation.version)")])
                    ),
                    ("Activated by", .text(try actorName(activation.activatedBy))),
                    ("Activated", .text(ISO8601.format(activation.activatedAt))),
                    ("Comment", .text(stored.comment.isEmpty ? "none" : stored.comment)),
                    ("Policies", .text(counts)),
                ])
            ])
    }

    // MARK: One version

    func versionPage(_ number: Int, session: ConsoleSession, message: HTML?, status: Int = 200) throws
        -> HTTPResponse
    {
        let stored = try found { try context.policies.version(number) }
        let problems = try Self.problems(policies: stored.policies, schema: stored.schema)
        let active = try context.policies.activeVersionNumber()
        let others = try context.policies.list().map(\.version).filter { $0 != number }
        let state: HTML
        if active == number {
            state = .element("span", ["class": "ok", "id": "version-state"], ["active"])
        } else if problems.isEmpty {
            state = .element("span", ["id": "version-state"], ["validates; not active"])
        } else {
            state = .element(
                "span", ["class": "bad", "id": "version-state"],
                [.text("does not validate (\(problems.count) problem\(problems.count == 1 ? "" : "s")); not active")])
        }
        var actions: [HTML] = [
            H.a("/policies/new?from=\(number)", "Edit as a new version"),
            H.a("/policies?version=\(number)#try-out", "Test a request with this version"),
        ]
        if active != number, problems.isEmpty {
            actions.insert(
                H.form(
                    action: "/policies/\(number)/activate", csrf: session.csrfToken, id: "activate",
                    H.button("Activate version \(number)")), at: 0)
        }
        var content: [HTML] = [
            message ?? .empty,
            H.dl([
                ("State", state), ("Comment", .text(stored.comment.isEmpty ? "none" : stored.comment)),
                ("Created by", .text(try actorName(stored.createdBy))),
                ("Created", .text(ISO8601.format(stored.createdAt))),
            ]),
            .element("div", ["class": "actions"], actions),
        ]
        if !others.isEmpty {
            let initial = others.first { $0 < number } ?? others[0]
            content.append(
                .element(
                    "form", ["method": "get", "action": "/policies/diff", "id": "compare"],
                    [
                        .element("input", ["type": "hidden", "name": "to", "value": String(number)]),
                        H.select(
                            "Compare with", name: "from", options: others.map { (String($0), "Version \($0)") },
                            selected: String(initial)),
                        H.button("Show the differences"),
                    ]))
        }
        if !problems.isEmpty {
            content.append(H.h2("Problems"))
            content.append(SourceListing.problemList(problems))
        }
        content.append(H.h2("Policies"))
        content.append(SourceListing.listing(stored.policies, file: "policies", problems: problems))
        content.append(H.h2("Schema"))
        content.append(SourceListing.listing(stored.schema, file: "schema", problems: problems))
        return .html(
            Layout.page(title: "Policy version \(number)", current: "/policies", session: session, .group(content)),
            status: status)
    }

    private func activate(_ request: HTTPRequest, session: ConsoleSession) throws -> HTTPResponse {
        let number = try number(request)
        do {
            try found {
                try context.activatePolicyVersion(
                    number, actor: session.user.id, role: session.user.role.rawValue, request: request)
            }
        } catch is PolicyActivationError {
            return try versionPage(
                number, session: session,
                message: H.flash("error", "Version \(number) does not validate, so it was not activated."),
                status: 422)
        }
        return .redirect(to: "/policies")
    }

    // MARK: Shared

    /// Every problem of a text pair: the parse error when one does not parse, else the validation problems.
    static func problems(policies: String, schema: String) throws -> [PolicyProblem] {
        do {
            return try CompiledPolicies.compile(version: 0, policies: policies, schema: schema).1
        } catch {
            return [error.problem]
        }
    }

    /// Who made a change, as people know them: a console user's username, or the API token as stored.
    func actorName(_ actor: String) throws -> String {
        guard !actor.hasPrefix("token:"), let user = try context.users.user(id: actor) else { return actor }
        return user.username
    }

    func found<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PHIGuardError where error.code == .notFound {
            throw Problem.notFound("No policy version with this number.")
        }
    }

    private func number(_ request: HTTPRequest) throws -> Int {
        guard let number = Int(request.pathParameters["version"] ?? ""), number > 0 else {
            throw Problem.notFound("A policy version is a positive number.")
        }
        return number
    }
}
