import PHIGuardIdentity

/// The page frame every console page shares: header, navigation for every capability, main content.
enum Layout {
    /// One navigation entry. Capabilities not built yet are listed, unlinked, so the map stays honest.
    struct Section {
        let title: String
        let path: String?
    }

    static let sections: [Section] = [
        Section(title: "Home", path: "/"),
        Section(title: "API tokens", path: "/tokens"),
        Section(title: "Audit ledger", path: "/ledger"),
        Section(title: "Access policies", path: "/policies"),
        Section(title: "Users and access reviews", path: nil),
        Section(title: "Privacy monitoring", path: nil),
        Section(title: "Risk and compliance", path: nil),
        Section(title: "Breach response", path: "/breaches"),
    ]

    /// A full page. `session` is nil on the sign-in page, which shows no navigation.
    static func page(title: String, current: String, session: ConsoleSession?, _ content: HTML...) -> String {
        let head = HTML.element(
            "head", [:],
            [
                .element("meta", ["charset": "utf-8"]),
                .element("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"]),
                .element("title", [:], [.text("\(title) · PHIGuard")]),
                .element("link", ["rel": "stylesheet", "href": "/static/console.css"]),
            ])
        let body = HTML.element(
            "body", [:],
            [
                header(session: session),
                session == nil ? .empty : navigation(current: current),
                .element("main", ["id": "main"], [H.h1(title)] + content),
            ])
        return HTML.document(.element("html", ["lang": "en"], [head, body]))
    }

    private static func header(session: ConsoleSession?) -> HTML {
        var parts: [HTML] = [.element("span", ["class": "brand"], ["PHIGuard"])]
        if let session {
            parts.append(
                .element(
                    "span", ["class": "who"],
                    [.text("Signed in as \(session.user.username) (\(session.user.role.rawValue))")]))
            parts.append(H.form(action: "/signout", csrf: session.csrfToken, id: "signout", H.button("Sign out")))
        }
        return .element("header", [:], parts)
    }

    private static func navigation(current: String) -> HTML {
        let items: [HTML] = sections.map { section in
            guard let path = section.path else {
                return .element(
                    "span", ["class": "planned", "title": "Not available in this version"],
                    [.text(section.title)])
            }
            return H.a(path, section.title, current: path == current)
        }
        return .element("nav", ["aria-label": "Capabilities"], [H.ul(items)])
    }
}

/// The signed-in user and the CSRF token, as console pages see them.
struct ConsoleSession {
    let user: PHIGuardIdentity.User
    let csrfToken: String
    let cookieToken: String
}
