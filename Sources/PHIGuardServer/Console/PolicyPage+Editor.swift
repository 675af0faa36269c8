import Foundation
import PHIGuardAccess
import PHIGuardCore
import PHIGuardHTTP

/// The editor: policies and schema in text areas, checked without storing or saved as a new version. Whatever
/// was typed comes back in the form after every answer, so nothing is lost to a mistake.
extension PolicyPage {
    /// What the editor holds.
    struct Draft {
        var policies: String
        var schema: String
        var comment: String
        /// The version the draft started from, if any.
        var from: Int?
    }

    func newVersion(_ request: HTTPRequest, session: ConsoleSession) throws -> HTTPResponse {
        let base: PolicyVersion?
        if let from = request.query["from"] {
            guard let number = Int(from) else { throw Problem.notFound("A policy version is a positive number.") }
            base = try found { try context.policies.version(number) }
        } else {
            base = try context.policies.activeVersionNumber().map { try context.policies.version($0) }
        }
        let draft = Draft(
            policies: base?.policies ?? "", schema: try base?.schema ?? context.defaultPolicySchema(),
            comment: "", from: base?.version)
        return editor(draft, session: session, check: nil)
    }

    func checkOrSave(_ request: HTTPRequest, session: ConsoleSession) throws -> HTTPResponse {
        let form = FormData(request.body)
        let draft = Draft(
            policies: Self.unixLines(form["policies"] ?? ""), schema: Self.unixLines(form["schema"] ?? ""),
            comment: (form["comment"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            from: form["from"].flatMap { Int($0) })
        let problems = try Self.problems(policies: draft.policies, schema: draft.schema)
        guard form["intent"] == "save" else { return editor(draft, session: session, check: problems) }
        guard draft.comment.count <= 500 else {
            return editor(
                draft, session: session, check: problems, message: "A comment is at most 500 characters.", status: 422)
        }
        do {
            let (version, _) = try context.createPolicyVersion(
                policies: draft.policies, schema: draft.schema, comment: draft.comment, actor: session.user.id,
                role: session.user.role.rawValue, request: request)
            return .redirect(to: "/policies/\(version.version)")
        } catch is PolicyTextError {
            return editor(
                draft, session: session, check: problems, message: "Not saved: the text does not parse.", status: 422)
        }
    }

    /// The editor page; `check` holds the problems found when the text was checked or refused.
    private func editor(
        _ draft: Draft, session: ConsoleSession, check problems: [PolicyProblem]?, message: String? = nil,
        status: Int = 200
    ) -> HTTPResponse {
        var content: [HTML] = [
            message.map { H.flash("error", $0) } ?? .empty,
            H.p(
                .text(
                    draft.from.map { "Starting from version \($0). " } ?? "Starting from an empty policy set. "),
                .text("Check validates against the schema without storing; saving stores a new version that "),
                .text("decides nothing until it is activated.")),
        ]
        if let problems {
            content.append(checkResult(draft, problems: problems))
        }
        content.append(
            H.form(
                action: "/policies/new", csrf: session.csrfToken, id: "editor",
                .element("input", ["type": "hidden", "name": "from", "value": draft.from.map(String.init)]),
                Self.textArea("Policies (Cedar)", name: "policies", text: draft.policies, rows: 28),
                Self.textArea("Schema (.cedarschema)", name: "schema", text: draft.schema, rows: 14),
                // Not H.field: that marks the input required, and Check must work before a comment is written.
                .element(
                    "label", [:],
                    [
                        .element("span", [:], ["Comment (why this version)"]),
                        .element(
                            "input",
                            [
                                "type": "text", "name": "comment", "id": "comment", "value": draft.comment,
                                "maxlength": "500",
                            ]),
                    ]),
                .element(
                    "div", ["class": "actions"],
                    [
                        .element(
                            "button",
                            [
                                "type": "submit", "name": "intent", "value": "check", "id": "check",
                                // The answer opens at the problems; Save redirects, and a fragment would follow it.
                                "formaction": "/policies/new#check",
                            ], ["Check"]),
                        .element(
                            "button", ["type": "submit", "name": "intent", "value": "save", "id": "save"],
                            ["Save as new version"]),
                    ])))
        return .html(
            Layout.page(title: "New policy version", current: "/policies", session: session, .group(content)),
            status: status)
    }

    /// What a check found, next to the numbered lines of each text that has a problem.
    private func checkResult(_ draft: Draft, problems: [PolicyProblem]) -> HTML {
        guard !problems.isEmpty else {
            return .element(
                "p", ["class": "flash notice", "id": "check-result", "role": "status"],
                ["No problems: the policies parse and validate against the schema."])
        }
        var parts: [HTML] = [
            .element(
                "p", ["class": "flash error", "id": "check-result", "role": "alert"],
                [.text("\(problems.count) problem\(problems.count == 1 ? "" : "s") found.")]),
            SourceListing.problemList(problems),
        ]
        for (file, text) in [("policies", draft.policies), ("schema", draft.schema)]
        where problems.contains(where: { $0.file == file }) {
            parts.append(.element("h3", [:], [.text("The \(file) as checked")]))
            parts.append(SourceListing.listing(text, file: file, problems: problems))
        }
        return .element("section", ["id": "check"], parts)
    }

    /// A labelled text area. The content starts on a fresh line because HTML drops one line break right after
    /// the opening tag, and a text starting with a blank line would otherwise lose it.
    private static func textArea(_ label: String, name: String, text: String, rows: Int) -> HTML {
        .element(
            "label", [:],
            [
                .element("span", [:], [.text(label)]),
                .element(
                    "textarea",
                    [
                        "name": name, "id": "\(name)-text", "rows": String(rows), "wrap": "off",
                        "spellcheck": "false",
                    ],
                    [.text("\n" + text)]),
            ])
    }

    /// Browsers send text area lines ended by CR LF; stored text uses LF alone.
    private static func unixLines(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n")
    }
}
