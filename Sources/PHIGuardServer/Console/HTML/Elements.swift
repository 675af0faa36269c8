/// Short builders for the elements the console uses, so pages read like markup.
enum H {
    static func div(_ attributes: KeyValuePairs<StaticString, String?> = [:], _ children: HTML...) -> HTML {
        .element("div", attributes, children)
    }
    static func p(_ children: HTML...) -> HTML { .element("p", [:], children) }
    static func p(class name: String, _ children: HTML...) -> HTML { .element("p", ["class": name], children) }
    static func h1(_ text: String) -> HTML { .element("h1", [:], [.text(text)]) }
    static func h2(_ text: String) -> HTML { .element("h2", [:], [.text(text)]) }
    static func a(_ href: String, _ text: String, current: Bool = false) -> HTML {
        .element("a", ["href": href, "aria-current": current ? "page" : nil], [.text(text)])
    }
    static func ul(_ items: [HTML]) -> HTML { .element("ul", [:], items.map { .element("li", [:], [$0]) }) }
    static func table(headers: [String], rows: [[HTML]]) -> HTML {
        let head = HTML.element("thead", [:], [.element("tr", [:], headers.map { .element("th", [:], [.text($0)]) })])
        let body = HTML.element(
            "tbody", [:], rows.map { cells in .element("tr", [:], cells.map { .element("td", [:], [$0]) }) })
        return .element("table", [:], [head, body])
    }
    static func dl(_ pairs: [(String, HTML)]) -> HTML {
        .element("dl", [:], pairs.flatMap { [HTML.element("dt", [:], [.text($0.0)]), .element("dd", [:], [$0.1])] })
    }

    /// A POST form that always carries the session's CSRF token.
    static func form(action: String, csrf: String?, id: String? = nil, _ children: HTML...) -> HTML {
        let token: HTML =
            csrf.map { .element("input", ["type": "hidden", "name": "csrf_token", "value": $0]) } ?? .empty
        return .element("form", ["method": "post", "action": action, "id": id], [token] + children)
    }

    /// A labelled input.
    static func field(
        _ label: String, name: String, type: String = "text", value: String? = nil, autocomplete: String? = nil
    ) -> HTML {
        .element(
            "label", [:],
            [
                .element("span", [:], [.text(label)]),
                .element(
                    "input",
                    [
                        "type": type, "name": name, "id": name, "value": value, "autocomplete": autocomplete,
                        "required": "",
                    ]
                ),
            ])
    }

    /// A labelled drop-down list; `selected` names the option chosen first.
    static func select(_ label: String, name: String, options: [(value: String, text: String)], selected: String?)
        -> HTML
    {
        let choices: [HTML] = options.map { option in
            .element(
                "option", ["value": option.value, "selected": option.value == selected ? "" : nil],
                [.text(option.text)])
        }
        return .element(
            "label", [:],
            [.element("span", [:], [.text(label)]), .element("select", ["name": name, "id": name], choices)])
    }

    static func button(_ text: String, id: String? = nil) -> HTML {
        .element("button", ["type": "submit", "id": id], [.text(text)])
    }

    /// A message box; `kind` is `error`, `notice` or `secret`.
    static func flash(_ kind: String, _ text: String) -> HTML {
        .element("p", ["class": "flash \(kind)", "role": kind == "error" ? "alert" : "status"], [.text(text)])
    }
}
