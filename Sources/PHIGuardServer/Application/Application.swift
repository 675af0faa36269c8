import Foundation
import PHIGuardAccess
import PHIGuardCompliance
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardHTTP
import PHIGuardIdentity
import PHIGuardLedger
import PHIGuardStore

/// Boots PHIGuard from settings: data directory, store and migrations, keys, instance, bootstrap administrator,
/// and the HTTP server with every route.
public final class Application: Sendable {
    public let context: ServerContext
    /// The one-time password of the bootstrap administrator, set only on the start that created it.
    public let bootstrapPassword: String?
    private let router: Router
    private let checkpoints: CheckpointPublisher
    /// The SIEM forwarders from configuration.
    public let forwarders: [Forwarder]

    /// Opens (or creates) the instance described by `settings`.
    ///
    /// - Parameters:
    ///   - passwordCost: scrypt cost for new password hashes; tests pass a cheap one.
    ///   - clock: the time source for sessions, lockouts and tokens.
    public init(
        settings: Settings,
        logger: Logger,
        passwordCost: PasswordHash.Cost = .interactive,
        clock: any WallClock = SystemWallClock()
    ) throws {
        let metrics = MetricsRegistry()
        try DataDirectory.prepare(settings.dataDirectory, logger: logger)
        let storeLatency: StoreObserver = { operation, seconds in
            metrics.histogram(
                "phiguard_store_operation_duration_seconds", help: "Store transaction latency by kind",
                buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
                labels: ["operation": operation]
            ).observe(seconds)
        }
        let store = try StoreFactory.open(
            url: settings.databaseURL, dataDirectory: settings.dataDirectory, logger: logger, observer: storeLatency)
        try Migrator.apply(Schema.migrations, to: store, logger: logger)
        let kek = try Self.keyEncryptionKey(settings)
        let instance = try Instance.open(store: store, kek: kek, origin: settings.origin, logger: logger).instance
        let users = UserDirectory(
            store: store, keyring: instance.keyring, clock: clock,
            lockout: LockoutPolicy(threshold: settings.lockoutAttempts, duration: settings.lockoutDuration),
            passwordCost: passwordCost)
        let ledger = try AuditLedger(
            store: store, keyring: instance.keyring, signingKey: instance.signingKey,
            configuration: AuditLedgerConfiguration(
                origin: instance.origin, clockSkewThreshold: settings.clockSkewThreshold,
                defaultRetentionYears: settings.retentionYears),
            logger: logger.labeled("ledger"), metrics: metrics)
        let directory = EntityDirectory(store: store, keyring: instance.keyring, clock: clock)
        let policies = PolicyLibrary(store: store, clock: clock)
        let installedPack = try policies.installDefaultIfEmpty(createdBy: "phiguard")
        let bootstrap = try users.bootstrapAdministratorIfNeeded()
        bootstrapPassword = bootstrap?.oneTimePassword
        context = ServerContext(
            settings: settings, logger: logger, metrics: metrics, store: store, instance: instance, users: users,
            sessions: SessionManager(
                store: store, users: users, clock: clock,
                policy: SessionPolicy(idleTimeout: settings.idleTimeout, maximumLifetime: settings.maxSessionLifetime)),
            tokens: TokenService(store: store, clock: clock), ledger: ledger, policies: policies, directory: directory,
            decider: AccessDecider(
                directory: directory,
                settings: AccessSettings(
                    remoteMfaMaxMinutes: settings.remoteMfaMaxMinutes, timeZone: settings.facilityTimeZone),
                clock: clock),
            decisionLog: DecisionLog(store: store, keyring: instance.keyring, logger: logger),
            incidents: IncidentStore(store: store, keyring: instance.keyring),
            breachCases: BreachCaseStore(store: store, keyring: instance.keyring), clock: clock, startedAt: Date(),
            healthProbe: HealthProbe(store: store))
        if let bootstrap {
            try context.recordAdministrative(
                .privilegeChange, eventClass: .accountManagement, actor: "phiguard",
                resource: AuditEvent.Resource(type: "user", id: bootstrap.user.id),
                details: ["change": "bootstrap administrator created"])
        }
        if let installedPack {
            try context.recordAdministrative(
                .policyActivate, eventClass: .administration, actor: "phiguard",
                resource: AuditEvent.Resource(type: "policy_version", id: String(installedPack.version)),
                details: ["change": "HIPAA policy pack installed and activated"])
        }
        try context.recordConfigurationIfChanged()
        forwarders = settings.forwarders.map { configuration in
            Forwarder(configuration: configuration, source: ledger, store: store, logger: logger.labeled("forwarder"))
        }
        checkpoints = CheckpointPublisher(
            ledger: ledger, interval: settings.checkpointInterval, logger: logger.labeled("ledger"))
        router = Router()
        SystemRoutes(context: context).register(on: router)
        AuditRoutes(context: context).register(on: router)
        LedgerRoutes(context: context).register(on: router)
        FHIRRoutes(context: context).register(on: router)
        TokenRoutes(context: context).register(on: router)
        AuthorizeRoutes(context: context).register(on: router)
        PolicyRoutes(context: context).register(on: router)
        DirectoryRoutes(context: context).register(on: router)
        IncidentRoutes(context: context).register(on: router)
        BreachRoutes(context: context).register(on: router)
        ConsoleRoutes(context: context).register(on: router)
        LedgerPage(context: context, forwarders: forwarders).register(on: router)
        BreachPage(context: context).register(on: router)
        PolicyPage(context: context).register(on: router)
    }

    /// The schema version this binary brings a store to.
    public static var schemaVersion: Int { Schema.migrations.count }

    /// Every route, for the OpenAPI check and documentation.
    public var routes: [RouteDescription] { router.routes }

    /// Builds the HTTP server for this instance; the caller starts and stops it.
    public func makeServer() throws -> HTTPServer {
        let settings = context.settings
        var configuration = HTTPServer.Configuration()
        configuration.host = settings.host
        configuration.port = UInt16(settings.port)
        configuration.threadCount = settings.threads
        configuration.maxBodyBytes = settings.maxBodyBytes
        configuration.connectionTimeoutSeconds = settings.connectionTimeout
        if let certificate = settings.tlsCertificatePath, let key = settings.tlsKeyPath {
            configuration.tlsCertificatePEM = try Self.readText(certificate, what: "TLS certificate")
            configuration.tlsKeyPEM = try Self.readText(key, what: "TLS key")
        }
        return HTTPServer(
            configuration: configuration, router: router, middleware: [SecurityHeaders()],
            logger: context.logger.labeled("http"), metrics: context.metrics)
    }

    /// Starts background work: periodic checkpoints.
    public func startBackgroundWork() {
        checkpoints.start()
        forwarders.forEach { $0.start() }
    }

    /// Stops background work (signing a last checkpoint), drains the ledger and decision log writers and closes
    /// the store.
    public func close() {
        forwarders.forEach { $0.stop() }
        checkpoints.stop()
        context.ledger.shutdown()
        context.decisionLog.flush()
        context.store.close()
    }

    /// The key-encryption key: from the `kek` setting (environment or secret file) or the 0600 file.
    public static func keyEncryptionKey(_ settings: Settings) throws -> KeyEncryptionKey {
        if let text = settings.kekBase64 { return try KeyEncryptionKey(base64: text) }
        return try KeyEncryptionKey.loadOrCreate(fileAt: settings.kekFile)
    }

    /// Opens the store of `settings` for reading by offline tools: no migrations, no instance creation.
    public static func openStoreForTools(_ settings: Settings, logger: Logger) throws -> any Store {
        let file = settings.dataDirectory + "/" + StoreFactory.sqliteFileName
        if settings.databaseURL == nil, !FileManager.default.fileExists(atPath: file) {
            throw PHIGuardError(.configuration, "no PHIGuard database in \(settings.dataDirectory)")
        }
        let store = try StoreFactory.open(
            url: settings.databaseURL, dataDirectory: settings.dataDirectory, logger: logger)
        let version = try store.schemaVersion()
        guard version == Schema.migrations.count else {
            store.close()
            throw PHIGuardError(
                .configuration,
                "the store is at schema version \(version); this binary reads version \(Schema.migrations.count)")
        }
        return store
    }

    private static func readText(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PHIGuardError(.configuration, "cannot read the \(what) at \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
