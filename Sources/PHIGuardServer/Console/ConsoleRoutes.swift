import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardHTTP
import PHIGuardIdentity

/// The server-rendered console: sign-in, first password change, home, API tokens.
struct ConsoleRoutes {
    static let sessionCookie = "phiguard_session"
    static let signInCookie = "phiguard_signin"

    let context: ServerContext

    func register(on router: Router) {
        add(router, "GET", "/", "Console home") { try home($0) }
        add(router, "GET", "/signin", "Sign-in form") { signInForm($0, message: nil) }
        add(router, "POST", "/signin", "Sign in") { try signIn($0) }
        add(router, "POST", "/signout", "Sign out") { try signOut($0) }
        add(router, "GET", "/password", "Password change form") { try passwordForm($0, message: nil) }
        add(router, "POST", "/password", "Change password") { try changePassword($0) }
        add(router, "GET", "/tokens", "API tokens") { try tokensPage($0, created: nil, message: nil) }
        add(router, "POST", "/tokens", "Create an API token") { try createToken($0) }
        add(router, "POST", "/tokens/{id}/revoke", "Revoke an API token") { try revokeToken($0) }
        add(router, "GET", "/static/console.css", "Console stylesheet") { _ in
            var response = HTTPResponse.text(ConsoleStyle.css, contentType: "text/css; charset=utf-8")
            response.headers.set("Cache-Control", "public, max-age=3600")
            return response
        }
    }

    private func add(
        _ router: Router, _ method: String, _ pattern: String, _ summary: String,
        _ handler: @escaping HTTPHandler
    ) {
        router.add(
            RouteDescription(method: method, pattern: pattern, summary: summary, tag: "console", isAPI: false),
            handler)
    }

    // MARK: Sessions

    /// The session behind the request's cookie, or nil.
    func session(_ request: HTTPRequest) throws -> ConsoleSession? {
        guard let token = Cookies.value(Self.sessionCookie, in: request),
            let session = try context.sessions.resume(token: token)
        else { return nil }
        return ConsoleSession(user: session.user, csrfToken: session.csrfToken, cookieToken: token)
    }

    /// Runs `body` for a signed-in user; otherwise sends the browser to sign in. Users who must change their
    /// password see only the password page until they do.
    func signedIn(
        _ request: HTTPRequest, allowPasswordChange: Bool = false, _ body: (ConsoleSession) throws -> HTTPResponse
    ) throws -> HTTPResponse {
        guard let session = try session(request) else { return .redirect(to: "/signin") }
        if session.user.mustChangePassword && !allowPasswordChange { return .redirect(to: "/password") }
        if request.method == "POST" {
            let form = FormData(request.body)
            guard ConstantTime.equals(Array((form["csrf_token"] ?? "").utf8), Array(session.csrfToken.utf8)) else {
                throw Problem.forbidden("The form's CSRF token is missing or does not match the session.")
            }
        }
        return try body(session)
    }

    // MARK: Sign-in

    private func signInForm(_ request: HTTPRequest, message: HTML?, status: Int = 200) -> HTTPResponse {
        let csrf = Base64URL.encode(SecureRandom.bytes(24))
        let page = Layout.page(
            title: "Sign in", current: "/signin", session: nil,
            message ?? .empty,
            .element(
                "div", ["class": "card"],
                [
                    H.form(
                        action: "/signin", csrf: csrf, id: "signin",
                        H.field("Username", name: "username", autocomplete: "username"),
                        H.field("Password", name: "password", type: "password", autocomplete: "current-password"),
                        H.button("Sign in", id: "signin-submit"))
                ]))
        var response = HTTPResponse.html(page, status: status)
        response.headers.add("Set-Cookie", Cookies.header(Self.signInCookie, csrf, secure: request.isSecure))
        return response
    }

    private func signIn(_ request: HTTPRequest) throws -> HTTPResponse {
        let form = FormData(request.body)
        let expected = Cookies.value(Self.signInCookie, in: request) ?? ""
        guard !expected.isEmpty, ConstantTime.equals(Array((form["csrf_token"] ?? "").utf8), Array(expected.utf8))
        else {
            throw Problem.forbidden("The sign-in form expired or did not come from this site. Reload and try again.")
        }
        let username = try form.required("username")
        let password = try form.required("password")
        switch try context.users.signIn(username: username, password: password) {
        case .accepted(let user):
            context.logger.info(
                "sign-in succeeded", [.userID: .string(user.id), .requestID: .string(request.requestID)])
            try context.recordAdministrative(
                .signinSuccess, eventClass: .authentication, actor: user.id, role: user.role.rawValue, request: request)
            let started = try context.sessions.start(userID: user.id, remoteAddress: request.remoteAddress)
            var response = HTTPResponse.redirect(to: user.mustChangePassword ? "/password" : "/")
            response.headers.add(
                "Set-Cookie", Cookies.header(Self.sessionCookie, started.token, secure: request.isSecure))
            response.headers.add(
                "Set-Cookie", Cookies.header(Self.signInCookie, "", secure: request.isSecure, maxAge: 0))
            return response
        case .rejected:
            context.logger.notice("sign-in failed", [.requestID: .string(request.requestID)])
            // The typed name may be a mistyped password: it is recorded only as a keyed hash.
            try context.recordAdministrative(
                .signinFailure, eventClass: .authentication, actor: "unknown",
                outcome: .failure("wrong username or password"),
                request: request, details: ["username_index": context.ledgerNameIndex(username)])
            return signInForm(
                request, message: H.flash("error", "The username or password is not correct."), status: 401)
        case .lockedNow(let userID, _):
            context.logger.warning("account locked after failed sign-ins", [.userID: .string(userID)])
            try context.recordAdministrative(
                .accountLock, eventClass: .authentication, actor: userID,
                outcome: .failure("too many failed sign-ins"), request: request)
            return signInForm(request, message: H.flash("error", Self.lockedMessage), status: 401)
        case .locked:
            try context.recordAdministrative(
                .signinFailure, eventClass: .authentication, actor: "unknown", outcome: .failure("account locked"),
                request: request, details: ["username_index": context.ledgerNameIndex(username)])
            return signInForm(request, message: H.flash("error", Self.lockedMessage), status: 401)
        }
    }

    private static let lockedMessage =
        "Too many failed attempts: this account is locked for a while. Try again later or ask an administrator."

    private func signOut(_ request: HTTPRequest) throws -> HTTPResponse {
        try signedIn(request, allowPasswordChange: true) { session in
            try context.sessions.end(token: session.cookieToken)
            var response = HTTPResponse.redirect(to: "/signin")
            response.headers.add(
                "Set-Cookie", Cookies.header(Self.sessionCookie, "", secure: request.isSecure, maxAge: 0))
            return response
        }
    }

    // MARK: Password

    private func passwordForm(_ request: HTTPRequest, message: HTML?, status: Int = 200) throws -> HTTPResponse {
        try signedIn(request, allowPasswordChange: true) { session in
            let intro: HTML =
                session.user.mustChangePassword
                ? H.flash("notice", "Your password was issued for one use. Choose a new one to continue.")
                : .empty
            let page = Layout.page(
                title: "Change password", current: "/password", session: session,
                intro, message ?? .empty,
                .element(
                    "div", ["class": "card"],
                    [
                        H.form(
                            action: "/password", csrf: session.csrfToken, id: "password",
                            H.field(
                                "Current password", name: "current", type: "password",
                                autocomplete: "current-password"),
                            H.field(
                                "New password (at least \(PasswordRules.minimumLength) characters)", name: "new",
                                type: "password", autocomplete: "new-password"),
                            H.field(
                                "Repeat the new password", name: "repeat", type: "password",
                                autocomplete: "new-password"),
                            H.button("Change password", id: "password-submit"))
                    ]))
            return .html(page, status: status)
        }
    }

    private func changePassword(_ request: HTTPRequest) throws -> HTTPResponse {
        try signedIn(request, allowPasswordChange: true) { session in
            let form = FormData(request.body)
            let new = try form.required("new")
            guard new == form["repeat"] else {
                return try passwordForm(
                    request, message: H.flash("error", "The two new passwords differ."), status: 422)
            }
            do {
                try context.users.changePassword(
                    userID: session.user.id, current: try form.required("current"), new: new)
            } catch let error as PHIGuardError where error.code == .invalidInput || error.code == .unauthenticated {
                return try passwordForm(
                    request, message: H.flash("error", error.reason.capitalizedFirst + "."), status: 422)
            }
            // Every other session of this user ends; this browser gets a fresh one.
            try context.sessions.endAll(userID: session.user.id)
            let started = try context.sessions.start(userID: session.user.id, remoteAddress: request.remoteAddress)
            context.logger.info("password changed", [.userID: .string(session.user.id)])
            try context.recordAdministrative(
                .privilegeChange, eventClass: .accountManagement, actor: session.user.id,
                resource: .init(type: "user", id: session.user.id), request: request,
                details: ["change": "password changed"])
            var response = HTTPResponse.redirect(to: "/")
            response.headers.add(
                "Set-Cookie", Cookies.header(Self.sessionCookie, started.token, secure: request.isSecure))
            return response
        }
    }

    // MARK: Home

    private func home(_ request: HTTPRequest) throws -> HTTPResponse {
        try signedIn(request) { session in
            let health = context.health()
            let status: HTML =
                health.storeReachable
                ? .element("span", ["class": "ok", "id": "store-status"], ["reachable"])
                : .element("span", ["class": "bad", "id": "store-status"], ["unreachable"])
            let page = Layout.page(
                title: "Instance health", current: "/", session: session,
                H.dl([
                    ("Version", .text(PHIGuardVersion.current)),
                    ("Instance", .text(context.instance.id)),
                    ("Origin", .text(context.instance.origin)),
                    ("Store", .text(health.storeBackend)),
                    ("Store status", status),
                    ("Schema version", .text(health.schemaVersion.map(String.init) ?? "unknown")),
                    ("Transport", .text(request.isSecure ? "HTTPS (TLS 1.2+)" : "HTTP (no TLS: loopback use only)")),
                    ("Up since", .text(ISO8601.format(context.startedAt))),
                    (
                        "Console session limits",
                        .text(
                            "sign-out after \(Int(context.sessions.limits.idleTimeout / 60)) idle minutes, "
                                + "\(Int(context.sessions.limits.maximumLifetime / 3600)) hours at most")
                    ),
                ]),
                try BreachPage.widget(context))
            return .html(page)
        }
    }

    // MARK: Tokens

    private func tokensPage(_ request: HTTPRequest, created: String?, message: HTML?, status: Int = 200) throws
        -> HTTPResponse
    {
        try signedIn(request) { session in
            let tokens = try context.tokens.list()
            let rows: [[HTML]] = tokens.map { token in
                let state: HTML =
                    token.revokedAt != nil
                    ? "revoked" : (token.isUsable(at: Date()) ? "active" : "expired")
                let action: HTML =
                    token.revokedAt == nil
                    ? H.form(action: "/tokens/\(token.id)/revoke", csrf: session.csrfToken, H.button("Revoke"))
                    : .empty
                return [
                    .element("code", [:], [.text(token.id)]), .text(token.name),
                    .text(token.scopes.map(\.rawValue).joined(separator: " ")),
                    .text(token.expiresAt.map(ISO8601.format) ?? "never"), state, action,
                ]
            }
            let secret: HTML =
                created.map {
                    .element(
                        "div", ["class": "flash secret", "role": "status"],
                        [
                            H.p("Copy this token now. It is shown once and cannot be recovered."),
                            .element("code", ["id": "new-token"], [.text($0)]),
                        ])
                } ?? .empty
            let scopeBoxes: [HTML] = Scope.all.map { scope in
                .element(
                    "label", ["class": "check"],
                    [
                        .element("input", ["type": "checkbox", "name": "scope", "value": scope.rawValue]),
                        .text(" " + scope.rawValue),
                    ])
            }
            let page = Layout.page(
                title: "API tokens", current: "/tokens", session: session,
                secret, message ?? .empty,
                H.table(headers: ["ID", "Name", "Scopes", "Expires", "State", ""], rows: rows),
                H.h2("Create a token"),
                H.form(
                    action: "/tokens", csrf: session.csrfToken, id: "create-token",
                    H.field("Name", name: "name"),
                    .group(scopeBoxes),
                    H.field("Expires in days (0 for never)", name: "days", type: "number", value: "90"),
                    H.button("Create token")))
            return .html(page, status: status)
        }
    }

    private func createToken(_ request: HTTPRequest) throws -> HTTPResponse {
        try signedIn(request) { session in
            let scopes = String(decoding: request.body, as: UTF8.self).split(separator: "&")
                .filter { $0.hasPrefix("scope=") }
                .compactMap { $0.dropFirst(6).removingPercentEncoding }
                .map { Scope(rawValue: $0) }
            let form = FormData(request.body)
            let days = Int(form["days"] ?? "") ?? -1
            guard (0...3650).contains(days) else {
                return try tokensPage(
                    request, created: nil, message: H.flash("error", "Expiry must be 0 to 3650 days."), status: 422)
            }
            do {
                let created = try context.tokens.create(
                    name: form["name"] ?? "", scopes: scopes,
                    expiresAt: days == 0 ? nil : Date().addingTimeInterval(Double(days) * 86_400),
                    createdBy: session.user.id)
                context.logger.info(
                    "API token created", [.tokenID: .string(created.token.id), .userID: .string(session.user.id)])
                try context.recordAdministrative(
                    .tokenCreate, eventClass: .accountManagement, actor: session.user.id,
                    resource: .init(type: "api_token", id: created.token.id), request: request,
                    details: ["scopes": scopes.map(\.rawValue).joined(separator: " ")])
                return try tokensPage(request, created: created.secret, message: nil, status: 201)
            } catch let error as PHIGuardError where error.code == .invalidInput {
                return try tokensPage(
                    request, created: nil, message: H.flash("error", error.reason.capitalizedFirst + "."), status: 422)
            }
        }
    }

    private func revokeToken(_ request: HTTPRequest) throws -> HTTPResponse {
        try signedIn(request) { session in
            let id = request.pathParameters["id"] ?? ""
            do {
                try context.tokens.revoke(id: id)
            } catch let error as PHIGuardError where error.code == .notFound {
                throw Problem.notFound("No token with this id.")
            }
            context.logger.info("API token revoked", [.tokenID: .string(id), .userID: .string(session.user.id)])
            try context.recordAdministrative(
                .tokenRevoke, eventClass: .accountManagement, actor: session.user.id,
                resource: .init(type: "api_token", id: id), request: request)
            return .redirect(to: "/tokens")
        }
    }
}

extension String {
    /// The text with its first letter in upper case, for reasons shown as sentences.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
