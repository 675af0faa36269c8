import Foundation

extension HTTPServer {
    /// Where and how the server listens, and the limits that protect it from careless or hostile clients.
    public struct Configuration: Sendable {
        /// The address to bind, IPv4 or IPv6 literal; loopback by default so nothing is exposed by accident.
        public var host: String
        /// The TCP port; 0 asks the system for a free one (read it back from `HTTPServer.port`).
        public var port: UInt16
        /// Worker threads polling connections; handlers run on them, so this bounds concurrent handlers.
        public var threadCount: Int
        /// The largest request body accepted; larger ones get 413 without reaching a handler.
        public var maxBodyBytes: Int
        /// Memory per connection for the request line and headers; requests needing more are refused by
        /// libmicrohttpd with 431 (or 414 for a long URI). The default, 32 KiB, takes header blocks of about 31 KiB.
        /// libmicrohttpd zeroes this whole pool between requests, so a larger pool costs time on every request.
        public var connectionMemoryLimit: Int
        /// Seconds of inactivity after which a connection is closed, which also ends slow clients.
        public var connectionTimeoutSeconds: Int
        /// The most connections served at once; 0 leaves libmicrohttpd's default (about the descriptor limit).
        public var connectionLimit: Int
        /// A PEM certificate chain; with `tlsKeyPEM` it turns on HTTPS.
        public var tlsCertificatePEM: String?
        /// The PEM private key of the certificate.
        public var tlsKeyPEM: String?
        /// The GnuTLS priority string: TLS 1.2 and 1.3 with forward-secret AEAD suites only.
        public var tlsPriorities: String

        /// The default TLS policy: TLS 1.3 and 1.2, ECDHE key exchange, AES-GCM and ChaCha20-Poly1305.
        public static let strongTLSPriorities =
            "NONE:+VERS-TLS1.3:+VERS-TLS1.2:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:+ECDHE-RSA:+ECDHE-ECDSA"
            + ":+AEAD:+SHA256:+SHA384:+SIGN-ALL:+COMP-NULL:+GROUP-ALL"

        /// Creates a configuration; every value has a default suited to a single node.
        public init(
            host: String = "127.0.0.1",
            port: UInt16 = 8080,
            threadCount: Int = HTTPServer.Configuration.processorCount,
            maxBodyBytes: Int = 1 << 20,
            connectionMemoryLimit: Int = 32 << 10,
            connectionTimeoutSeconds: Int = 30,
            connectionLimit: Int = 0,
            tlsCertificatePEM: String? = nil,
            tlsKeyPEM: String? = nil,
            tlsPriorities: String = HTTPServer.Configuration.strongTLSPriorities
        ) {
            self.host = host
            self.port = port
            self.threadCount = threadCount
            self.maxBodyBytes = maxBodyBytes
            self.connectionMemoryLimit = connectionMemoryLimit
            self.connectionTimeoutSeconds = connectionTimeoutSeconds
            self.connectionLimit = connectionLimit
            self.tlsCertificatePEM = tlsCertificatePEM
            self.tlsKeyPEM = tlsKeyPEM
            self.tlsPriorities = tlsPriorities
        }

        /// Whether the configuration turns on HTTPS.
        public var isTLS: Bool { tlsCertificatePEM != nil && tlsKeyPEM != nil }

        /// The number of active processors, the default thread count.
        public static var processorCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
    }
}
