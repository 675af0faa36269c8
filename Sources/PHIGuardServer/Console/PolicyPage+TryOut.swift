import PHIGuardAccess
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardPolicy

/// The test form: a what-if decision with a chosen version that leaves no trace in the ledger or the decision
/// log, shown with the determining policies and their reasons.
extension PolicyPage {
    func test(_ request: HTTPRequest, session: ConsoleSession) throws -> HTTPResponse {
        var tryOut = PolicyTryOut(form: FormData(request.body))
        let asked = tryOut.request()
        guard let compiled = try stored(tryOut.version) else {
            tryOut.errors[.version] = "Choose a stored version."
            return try overview(session: session, tryOut: tryOut, outcome: nil, status: 422)
        }
        guard let asked else { return try overview(session: session, tryOut: tryOut, outcome: nil, status: 422) }
        do {
            let decision = try context.decider.decide(asked, with: compiled)
            return try overview(session: session, tryOut: tryOut, outcome: outcome(decision, compiled: compiled))
        } catch let error as AccessRequestError {
            tryOut.place(error)
            return try overview(session: session, tryOut: tryOut, outcome: nil, status: 422)
        }
    }

    /// A stored version parsed; nil when there is no such version.
    private func stored(_ number: Int?) throws -> CompiledPolicies? {
        guard let number else { return nil }
        do {
            return try context.policies.compiled(number).0
        } catch let error as PHIGuardError where error.code == .notFound {
            return nil
        }
    }

    func tryOutForm(_ tryOut: PolicyTryOut, session: ConsoleSession, versions: [Int], active: Int?) -> HTML {
        func input(_ field: PolicyTryOut.Field, _ label: String, list: String? = nil) -> HTML {
            labelled(
                field, label, tryOut: tryOut,
                .element(
                    "input",
                    [
                        "type": "text", "name": field.rawValue, "id": "try-\(field.rawValue)", "value": tryOut[field],
                        "list": list, "aria-invalid": tryOut.errors[field] == nil ? nil : "true",
                    ]))
        }
        let chosen = tryOut.version ?? active ?? versions.first
        let versionChoices: [HTML] = versions.map { number in
            .element(
                "option", ["value": String(number), "selected": number == chosen ? "" : nil],
                [.text("Version \(number)" + (number == active ? " (active)" : ""))])
        }
        let networks: [HTML] = ["internal", "remote"].map { network in
            .element(
                "option", ["value": network, "selected": network == tryOut[.network] ? "" : nil], [.text(network)])
        }
        return .group([
            tryOut.errors[nil].map { H.flash("error", $0) } ?? .empty,
            H.form(
                action: "/policies/test#decision", csrf: session.csrfToken, id: "try-out-form",
                .element(
                    "div", ["class": "fields"],
                    [
                        labelled(
                            .version, "Policy version", tryOut: tryOut,
                            .element("select", ["name": "version", "id": "try-version"], versionChoices)),
                        input(.user, "User id"),
                        input(.action, "Action", list: "actions"),
                        input(.record, "Record id (or a patient and a category)"),
                        input(.patient, "Patient id"),
                        input(.category, "PHI category", list: "categories"),
                        input(.device, "Device id (optional)"),
                        input(.purpose, "Purpose of use", list: "purposes"),
                        labelled(
                            .network, "Network", tryOut: tryOut,
                            .element("select", ["name": "network", "id": "try-network"], networks)),
                        input(.mfaAge, "Minutes since MFA"),
                        input(.hour, "Hour, 0-23 (optional: now at the facility)"),
                        input(.justification, "Break-the-glass justification (optional)"),
                    ]),
                Self.datalist("actions", ["view", "create", "update", "delete", "export", "print"]),
                Self.datalist(
                    "categories",
                    [
                        "demographics", "general", "psychotherapy_notes", "sud_part2", "mental_health", "hiv_std",
                        "genetic", "reproductive", "violence_abuse",
                    ]),
                Self.datalist("purposes", ["TREAT", "ETREAT", "BTG", "HPAYMT", "HOPERAT", "PATRQT"]),
                H.button("Decide", id: "try-submit")),
        ])
    }

    /// A field with its label and, when it is bad, the message right under it.
    private func labelled(_ field: PolicyTryOut.Field, _ label: String, tryOut: PolicyTryOut, _ control: HTML)
        -> HTML
    {
        let message: HTML =
            tryOut.errors[field].map {
                .element(
                    "span", ["class": "field-error", "id": "error-\(field.rawValue)", "role": "alert"], [.text($0)])
            } ?? .empty
        return .element("label", [:], [.element("span", [:], [.text(label)]), control, message])
    }

    private static func datalist(_ id: String, _ values: [String]) -> HTML {
        .element("datalist", ["id": id], values.map { .element("option", ["value": $0]) })
    }

    /// The decision and why: the determining policies with their reasons, obligations, errors, and the context
    /// as PHIGuard completed it.
    private func outcome(_ decision: AccessDecision, compiled: CompiledPolicies) -> HTML {
        let allowed = decision.decision == .allow
        var parts: [HTML] = [
            .element("h2", [:], ["Decision"]),
            H.p(
                .element(
                    "strong", ["class": allowed ? "ok" : "bad", "id": "decision-outcome"],
                    [.text(decision.decision.rawValue)]),
                .text(" by version \(decision.policyVersion). Nothing was recorded.")),
        ]
        if decision.policies.isEmpty {
            parts.append(H.p("No policy permits this request, so it is denied by default."))
        } else {
            let rows: [[HTML]] = decision.policies.map { id in
                [
                    .element("code", [:], [.text(id)]),
                    .text(compiled.reasons(of: [id]).first ?? "(the policy has no @reason)"),
                ]
            }
            parts.append(
                .element(
                    "div", ["id": "decision-policies"],
                    [H.table(headers: [allowed ? "Permitted by" : "Forbidden by", "Reason"], rows: rows)]))
        }
        parts.append(
            H.dl([
                (
                    "Obligations",
                    .element(
                        "span", ["id": "decision-obligations"],
                        [.text(decision.obligations.isEmpty ? "none" : decision.obligations.joined(separator: ", "))])
                ),
                ("Context decided with", .text(Self.describe(decision.request.context))),
            ]))
        if !decision.errors.isEmpty {
            parts.append(H.h2("Policies skipped because they failed"))
            parts.append(
                .element(
                    "div", ["id": "decision-errors"],
                    [
                        H.table(
                            headers: ["Policy", "Error"],
                            rows: decision.errors.sorted { $0.key < $1.key }.map { [.text($0.key), .text($0.value)] })
                    ]))
        }
        return .element("section", ["id": "decision"], parts)
    }

    /// The context fields, in name order; a justification is only said to be present.
    private static func describe(_ context: [String: JSONValue]) -> String {
        context.keys.sorted().map { key in
            let value = context[key] ?? .null
            if key == "btgJustification" { return "\(key) given" }
            switch value {
            case .string(let text): return "\(key) \(text)"
            case .integer(let number): return "\(key) \(number)"
            case .bool(let flag): return "\(key) \(flag)"
            default: return "\(key) set"
            }
        }.joined(separator: "; ")
    }
}
