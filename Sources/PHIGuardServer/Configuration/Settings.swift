import Foundation
import PHIGuardCore
import PHIGuardLedger

/// Every setting PHIGuard reads, with its default, and the typed view the server uses.
public struct Settings: Sendable {
    /// The data directory: SQLite database, key-encryption key, instance files. Created with mode 0700.
    public static let data = ConfigurationKey("data", "data directory", default: "./.phiguard", kind: .path)
    /// A PostgreSQL URL selects the cluster store; unset means SQLite in the data directory.
    public static let database = ConfigurationKey(
        "database", "store URL (postgres://...); unset for embedded SQLite", default: nil,
        kind: .url(schemes: ["postgres", "postgresql", "sqlite"]), secret: true)
    public static let host = ConfigurationKey("host", "address to listen on", default: "127.0.0.1", kind: .string)
    public static let port = ConfigurationKey("port", "TCP port", default: "8080", kind: .integer(0...65535))
    public static let tlsCertificate = ConfigurationKey(
        "tls.cert", "PEM certificate chain; enables HTTPS with tls.key", default: nil, kind: .path)
    public static let tlsKey = ConfigurationKey("tls.key", "PEM private key for tls.cert", default: nil, kind: .path)
    public static let logLevel = ConfigurationKey(
        "log.level", "lowest level logged", default: "info", kind: .choice(LogLevel.allCases.map(\.name)))
    public static let maxBodyBytes = ConfigurationKey(
        "http.max_body_bytes", "largest request body accepted", default: "1048576", kind: .integer(1024...67_108_864))
    /// Twice the cores by default: handlers that record to the ledger wait for its group commit, and the other
    /// half keeps the cores busy meanwhile (on 2 cores, decisions over HTTP went from about 13,500/s with 2
    /// threads to about 19,000/s with 4; plain reads did not change beyond noise).
    public static let threads = ConfigurationKey(
        "http.threads", "HTTP worker threads",
        default: String(max(2, 2 * ProcessInfo.processInfo.activeProcessorCount)), kind: .integer(1...256))
    public static let connectionTimeout = ConfigurationKey(
        "http.connection_timeout", "seconds before an idle or slow connection is closed", default: "30",
        kind: .integer(1...3600))
    public static let idleMinutes = ConfigurationKey(
        "session.idle_minutes", "console sign-out after this many idle minutes", default: "15",
        kind: .integer(1...720))
    public static let maxSessionHours = ConfigurationKey(
        "session.max_hours", "console sessions end this many hours after sign-in", default: "12",
        kind: .integer(1...24))
    public static let lockoutAttempts = ConfigurationKey(
        "signin.lockout_attempts", "failed sign-ins in a row that lock an account", default: "5",
        kind: .integer(1...100))
    public static let lockoutMinutes = ConfigurationKey(
        "signin.lockout_minutes", "how long a locked account stays locked", default: "15", kind: .integer(1...1440))
    public static let kekFile = ConfigurationKey(
        "kek.file", "key-encryption key file (0600); default <data>/kek.key", default: nil, kind: .path)
    public static let kek = ConfigurationKey(
        "kek", "key-encryption key as base64 (from the environment or a secret store)", default: nil, kind: .string,
        secret: true)
    public static let origin = ConfigurationKey(
        "origin", "this instance's name in signed checkpoints; default from the host name", default: nil,
        kind: .string)

    public static let checkpointInterval = ConfigurationKey(
        "ledger.checkpoint_interval", "seconds between signed ledger checkpoints", default: "60",
        kind: .integer(1...86_400))
    public static let clockSkew = ConfigurationKey(
        "ledger.clock_skew_seconds", "source and receipt times further apart flag an event as skewed", default: "300",
        kind: .integer(1...86_400))
    public static let retentionYears = ConfigurationKey(
        "ledger.retention_years", "years audit entries are kept before pruning (HIPAA documentation: 6)",
        default: "6", kind: .integer(1...100))

    public static let forwardOCSFFile = ConfigurationKey(
        "forward.ocsf_file", "append every ledger entry as OCSF JSON lines to this file", default: nil, kind: .path)
    public static let forwardFHIRFile = ConfigurationKey(
        "forward.fhir_file", "append every ledger entry as FHIR R4 AuditEvent JSON lines to this file", default: nil,
        kind: .path)
    public static let forwardSyslog = ConfigurationKey(
        "forward.syslog", "send RFC 5424 syslog to tls://host:port (RFC 5425) or tcp://host:port", default: nil,
        kind: .url(schemes: ["tls", "tcp"]))
    public static let forwardSyslogCA = ConfigurationKey(
        "forward.syslog_ca", "CA certificates (PEM) that verify the syslog receiver over TLS", default: nil,
        kind: .path)

    public static let remoteMfaMinutes = ConfigurationKey(
        "policy.remote_mfa_minutes", "longest MFA age, in minutes, for PHI access from outside the network",
        default: "60", kind: .integer(1...720))
    public static let timeZone = ConfigurationKey(
        "policy.time_zone", "facility time zone (IANA name) for time-of-day rules; default the system's",
        default: nil, kind: .string)
    public static let decisionLogDays = ConfigurationKey(
        "policy.decision_log_days", "days decision requests are kept for policy dry runs", default: "30",
        kind: .integer(1...400))

    /// Every key, in the order `config show` prints them.
    public static let keys: [ConfigurationKey] = [
        data, database, host, port, tlsCertificate, tlsKey, logLevel, maxBodyBytes, threads, connectionTimeout,
        idleMinutes, maxSessionHours, lockoutAttempts, lockoutMinutes, kekFile, kek, origin, checkpointInterval,
        clockSkew, retentionYears, forwardOCSFFile, forwardFHIRFile, forwardSyslog, forwardSyslogCA,
        remoteMfaMinutes, timeZone, decisionLogDays,
    ]

    /// The resolved configuration behind this view.
    public let configuration: Configuration

    public init(_ configuration: Configuration) throws {
        self.configuration = configuration
        if let syslog = configuration.string(Self.forwardSyslog) {
            guard Self.hostAndPort(syslog) != nil else {
                throw PHIGuardError(.configuration, "forward.syslog must be tls://host:port or tcp://host:port")
            }
            if syslog.hasPrefix("tls://") && configuration.string(Self.forwardSyslogCA) == nil {
                throw PHIGuardError(.configuration, "forward.syslog over TLS needs forward.syslog_ca")
            }
        }
        if let zone = configuration.string(Self.timeZone), TimeZone(identifier: zone) == nil {
            throw PHIGuardError(
                .configuration, "policy.time_zone must be an IANA time zone name such as America/Chicago")
        }
        if (configuration.string(Self.tlsCertificate) == nil) != (configuration.string(Self.tlsKey) == nil) {
            throw PHIGuardError(.configuration, "tls.cert and tls.key must be given together")
        }
    }

    public var dataDirectory: String { configuration.string(Self.data) ?? "./.phiguard" }
    public var databaseURL: String? { configuration.string(Self.database) }
    public var host: String { configuration.string(Self.host) ?? "127.0.0.1" }
    public var port: Int { configuration.integer(Self.port) ?? 8080 }
    public var tlsCertificatePath: String? { configuration.string(Self.tlsCertificate) }
    public var tlsKeyPath: String? { configuration.string(Self.tlsKey) }
    public var logLevel: LogLevel { configuration.string(Self.logLevel).flatMap(LogLevel.init(name:)) ?? .info }
    public var maxBodyBytes: Int { configuration.integer(Self.maxBodyBytes) ?? 1_048_576 }
    public var threads: Int { configuration.integer(Self.threads) ?? 2 }
    public var connectionTimeout: Int { configuration.integer(Self.connectionTimeout) ?? 30 }
    public var idleTimeout: TimeInterval { TimeInterval((configuration.integer(Self.idleMinutes) ?? 15) * 60) }
    public var maxSessionLifetime: TimeInterval {
        TimeInterval((configuration.integer(Self.maxSessionHours) ?? 12) * 3600)
    }
    public var lockoutAttempts: Int { configuration.integer(Self.lockoutAttempts) ?? 5 }
    public var lockoutDuration: TimeInterval { TimeInterval((configuration.integer(Self.lockoutMinutes) ?? 15) * 60) }
    public var kekFile: String { configuration.string(Self.kekFile) ?? dataDirectory + "/kek.key" }
    public var kekBase64: String? { configuration.string(Self.kek) }
    public var origin: String? { configuration.string(Self.origin) }
    public var checkpointInterval: TimeInterval { TimeInterval(configuration.integer(Self.checkpointInterval) ?? 60) }
    public var clockSkewThreshold: TimeInterval { TimeInterval(configuration.integer(Self.clockSkew) ?? 300) }
    public var retentionYears: Int { configuration.integer(Self.retentionYears) ?? 6 }
    public var remoteMfaMaxMinutes: Int { configuration.integer(Self.remoteMfaMinutes) ?? 60 }
    public var facilityTimeZone: TimeZone {
        configuration.string(Self.timeZone).flatMap(TimeZone.init(identifier:)) ?? .current
    }
    public var decisionLogDays: Int { configuration.integer(Self.decisionLogDays) ?? 30 }

    /// The SIEM forwarders configured, each named after its kind so its cursor survives restarts.
    public var forwarders: [ForwarderConfiguration] {
        var out: [ForwarderConfiguration] = []
        if let path = configuration.string(Self.forwardOCSFFile) {
            out.append(ForwarderConfiguration(name: "ocsf-file", kind: .ocsfFile(path: path)))
        }
        if let path = configuration.string(Self.forwardFHIRFile) {
            out.append(ForwarderConfiguration(name: "fhir-file", kind: .fhirFile(path: path)))
        }
        if let url = configuration.string(Self.forwardSyslog), let (host, port) = Self.hostAndPort(url) {
            let kind: ForwarderConfiguration.Kind =
                url.hasPrefix("tls://")
                ? .syslogTLS(host: host, port: port, caFile: configuration.string(Self.forwardSyslogCA) ?? "")
                : .syslogTCP(host: host, port: port)
            out.append(
                ForwarderConfiguration(
                    name: "syslog", kind: kind, hostname: ProcessInfo.processInfo.hostName,
                    product: .init(vendorName: "PHIGuard", version: PHIGuardVersion.current)))
        }
        return out
    }

    /// `host` and `port` of `scheme://host:port`.
    static func hostAndPort(_ url: String) -> (String, Int)? {
        guard let rest = url.split(separator: "://", maxSplits: 1).last,
            let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
            (1...65535).contains(port), colon > rest.startIndex
        else { return nil }
        return (String(rest[..<colon]), port)
    }
}

extension Settings {
    /// Loads settings from the layers: defaults, the JSON file named by `--config` or `PHIGUARD_CONFIG`
    /// (or `<data>/config.json` when it exists), the environment, then flags.
    ///
    /// - Throws: `config.invalid` naming the key and the accepted values.
    public static func load(flags: [String: String], environment: [String: String]) throws -> Settings {
        var flags = flags
        let explicitFile = flags.removeValue(forKey: "--config") ?? environment["PHIGUARD_CONFIG"]
        let dataHint = flags["--data"] ?? environment["PHIGUARD_DATA"] ?? "./.phiguard"
        let path = explicitFile ?? dataHint + "/config.json"
        var file: [String: String] = [:]
        if let bytes = FileManager.default.contents(atPath: path) {
            file = try Configuration.readFile(Array(bytes), path: path)
        } else if explicitFile != nil {
            throw PHIGuardError(.configuration, "the config file \(path) cannot be read")
        }
        return try Settings(Configuration(keys: keys, file: file, environment: environment, flags: flags))
    }
}
