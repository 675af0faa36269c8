import Foundation
import PHIGuardCore
import PHIGuardHTTP
import PHIGuardIdentity
import PHIGuardLedger
import PHIGuardServer

/// `phiguard serve`: boot, listen, and drain in-flight requests on SIGTERM or SIGINT.
enum ServeCommand {
    static func run(_ arguments: Arguments) throws {
        guard arguments.positional.count == 1 else { throw UsageError("serve takes no further words") }
        let settings = try CommandLineTool.settings(try arguments.split(commandOptions: []).settings)
        let logger = CommandLineTool.logger(settings)
        let application = try Application(settings: settings, logger: logger)
        CommandLineTool.announce(bootstrapPassword: application.bootstrapPassword)
        let server = try application.makeServer()
        try server.start()
        application.startBackgroundWork()
        logger.notice(
            "PHIGuard serving",
            [
                .listenAddress: .string("\(settings.host):\(server.port.map(String.init) ?? "?")"),
                .storeBackend: .string(settings.databaseURL == nil ? "sqlite" : "postgres"),
            ])
        let stop = DispatchSemaphore(value: 0)
        SignalHandling.ignoreBrokenPipe()
        let signals = SignalHandling { stop.signal() }
        stop.wait()
        withExtendedLifetime(signals) {}
        logger.notice("shutting down: draining in-flight requests")
        server.shutdown(drainTimeout: .seconds(10))
        application.close()
        logger.notice("stopped")
    }
}

/// `phiguard init`: create the instance and exit.
enum InitCommand {
    static func run(_ arguments: Arguments) throws {
        let settings = try CommandLineTool.settings(try arguments.split(commandOptions: []).settings)
        let application = try Application(settings: settings, logger: CommandLineTool.logger(settings))
        defer { application.close() }
        if application.bootstrapPassword == nil {
            print("The instance in \(settings.dataDirectory) already exists; nothing to do.")
        }
        CommandLineTool.announce(bootstrapPassword: application.bootstrapPassword)
    }
}

/// `phiguard config show`.
enum ConfigCommand {
    static func run(_ arguments: Arguments) throws {
        guard arguments.positional.dropFirst().first == "show" else { throw UsageError("expected 'config show'") }
        let settings = try CommandLineTool.settings(try arguments.split(commandOptions: []).settings)
        print(settings.configuration.rendered())
    }
}

/// `phiguard token create|list|revoke`, working on the store directly, as an operator on the host.
enum TokenCommand {
    static func run(_ arguments: Arguments) throws {
        let words = Array(arguments.positional.dropFirst())
        let parts = try arguments.split(commandOptions: ["--name", "--scope", "--expires-days", "--json"])
        let settings = try CommandLineTool.settings(parts.settings)
        var quiet = CommandLineTool.logger(settings)
        quiet.level = max(quiet.level, .warning)
        let application = try Application(settings: settings, logger: quiet)
        defer { application.close() }
        CommandLineTool.announce(bootstrapPassword: application.bootstrapPassword)
        let tokens = application.context.tokens
        switch words.first {
        case "create":
            guard let name = parts.own["--name"] else { throw UsageError("token create needs --name") }
            let scopes = (arguments.repeated["--scope"] ?? []).map { Scope(rawValue: $0) }
            guard !scopes.isEmpty else {
                throw UsageError("token create needs --scope (\(Scope.all.map(\.rawValue).joined(separator: ", ")))")
            }
            let days = parts.own["--expires-days"].map { Int($0) } ?? 90
            guard let days, (0...3650).contains(days) else { throw UsageError("--expires-days takes 0 to 3650") }
            let created = try tokens.create(
                name: name, scopes: scopes,
                expiresAt: days == 0 ? nil : Date().addingTimeInterval(Double(days) * 86_400), createdBy: "cli")
            try application.context.recordAdministrative(
                .tokenCreate, eventClass: .accountManagement, actor: "cli",
                resource: .init(type: "api_token", id: created.token.id),
                details: ["scopes": scopes.map(\.rawValue).joined(separator: " ")])
            print(created.secret)
            FileHandle.standardError.write(
                Data("Token \(created.token.id) created. The line above is shown once: store it now.\n".utf8))
        case "list":
            let list = try tokens.list()
            if parts.own["--json"] != nil {
                print(String(decoding: try JSON.encode(list), as: UTF8.self))
            } else {
                for token in list {
                    let state = token.revokedAt != nil ? "revoked" : (token.isUsable(at: Date()) ? "active" : "expired")
                    let expiry = token.expiresAt.map(ISO8601.format) ?? "never"
                    print(
                        "\(token.id)  \(state)  \(expiry)  \(token.scopes.map(\.rawValue).joined(separator: ","))  \(token.name)"
                    )
                }
            }
        case "revoke":
            guard words.count == 2 else { throw UsageError("token revoke takes one token id") }
            do {
                try tokens.revoke(id: words[1])
                try application.context.recordAdministrative(
                    .tokenRevoke, eventClass: .accountManagement, actor: "cli",
                    resource: .init(type: "api_token", id: words[1]))
            } catch let error as PHIGuardError where error.code == .notFound {
                throw PHIGuardError(.notFound, "no token with id \(words[1])")
            }
            print("Token \(words[1]) revoked.")
        default:
            throw UsageError("expected 'token create', 'token list' or 'token revoke ID'")
        }
    }
}
