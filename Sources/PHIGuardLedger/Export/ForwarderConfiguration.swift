/// What a forwarder sends, where, and how it paces itself.
public struct ForwarderConfiguration: Sendable, Hashable {
    /// Where entries go and in which format.
    public enum Kind: Sendable, Hashable {
        /// OCSF JSON lines appended to a file.
        case ocsfFile(path: String)
        /// FHIR AuditEvent JSON lines appended to a file.
        case fhirFile(path: String)
        /// RFC 5424 messages, octet-counted, over plain TCP (RFC 6587); only for a trusted local network.
        case syslogTCP(host: String, port: Int)
        /// RFC 5424 messages, octet-counted, over TLS (RFC 5425), the peer verified against `caFile`.
        case syslogTLS(host: String, port: Int, caFile: String)

        /// A short name for status pages: `ocsf-file`, `fhir-file`, `syslog-tcp`, `syslog-tls`.
        public var label: String {
            switch self {
            case .ocsfFile: "ocsf-file"
            case .fhirFile: "fhir-file"
            case .syslogTCP: "syslog-tcp"
            case .syslogTLS: "syslog-tls"
            }
        }
    }

    /// The forwarder's name: the key of its durable cursor, so keep it stable across restarts.
    public var name: String
    /// The destination.
    public var kind: Kind
    /// The most entries sent in one batch.
    public var batchSize: Int
    /// How long the background loop waits when it has caught up, in seconds.
    public var pollInterval: Double
    /// The longest wait after repeated failures, in seconds (waits double from `pollInterval`).
    public var maximumBackoff: Double
    /// The socket connect, send and receive timeout, in seconds.
    public var networkTimeout: Double
    /// The HOSTNAME of syslog messages.
    public var hostname: String
    /// The APP-NAME of syslog messages.
    public var appName: String
    /// The syslog facility.
    public var facility: Syslog5424.Facility
    /// The product named in OCSF metadata.
    public var product: OCSFMapper.Product

    /// Creates a configuration with defaults suited to a SIEM feed.
    public init(
        name: String,
        kind: Kind,
        batchSize: Int = 256,
        pollInterval: Double = 1,
        maximumBackoff: Double = 60,
        networkTimeout: Double = 10,
        hostname: String = "phiguard",
        appName: String = "phiguard",
        facility: Syslog5424.Facility = .local4,
        product: OCSFMapper.Product = .init(vendorName: "PHIGuard", version: "1")
    ) {
        self.name = name
        self.kind = kind
        self.batchSize = max(1, batchSize)
        self.pollInterval = pollInterval
        self.maximumBackoff = maximumBackoff
        self.networkTimeout = networkTimeout
        self.hostname = hostname
        self.appName = appName
        self.facility = facility
        self.product = product
    }
}
