internal import COpenSSL
import PHIGuardCore

/// A minimal blocking TLS client over a socket the caller has already connected.
///
/// TLS 1.2 at least, the peer verified against the CA file of the configuration, SNI and the host name (or IP
/// address) checked against the certificate. One instance serves one connection from one thread; `close()`
/// shuts TLS down but leaves the socket to its owner.
public final class TLSClient {
    /// What the client trusts and whom it expects.
    public struct Configuration: Sendable, Hashable {
        /// PEM file of the certificate authorities to trust.
        public var caFile: String
        /// The name (or IP address) the certificate must be issued for; sent as SNI when it is a name.
        public var serverName: String

        /// Creates a configuration.
        public init(caFile: String, serverName: String) {
            self.caFile = caFile
            self.serverName = serverName
        }
    }

    private let context: OpaquePointer
    private let connection: OpaquePointer
    private var isClosed = false

    /// Runs the handshake over `socket`.
    ///
    /// - Throws: `PHIGuardError` with code `.crypto` when the CA file cannot be read, the handshake fails or
    ///   the certificate does not verify for the server name.
    public init(socket: Int32, configuration: Configuration) throws {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw Self.failure("no TLS context") }
        // SSL_new copies the verify mode and protocol bounds from the context, so they are set first.
        do {
            try Self.configure(context, caFile: configuration.caFile)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        guard let connection = SSL_new(context) else {
            SSL_CTX_free(context)
            throw Self.failure("no TLS connection")
        }
        self.context = context
        self.connection = connection
        do {
            try attach(socket: socket, serverName: configuration.serverName)
            guard SSL_connect(connection) == 1 else {
                let verified = SSL_get_verify_result(connection) == Int(X509_V_OK)
                throw Self.failure(verified ? "the TLS handshake failed" : "the server certificate did not verify")
            }
        } catch {
            SSL_free(connection)
            SSL_CTX_free(context)
            isClosed = true
            throw error
        }
    }

    deinit {
        if !isClosed {
            SSL_free(connection)
            SSL_CTX_free(context)
        }
    }

    /// Writes all of `bytes`.
    ///
    /// - Throws: `PHIGuardError` with code `.io` when the connection fails.
    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                SSL_write(connection, buffer.baseAddress, Int32(min(buffer.count, Int(Int32.max))))
            }
            guard written > 0 else {
                ERR_clear_error()
                throw PHIGuardError(.io, "writing to the TLS connection failed")
            }
            offset += Int(written)
        }
    }

    /// Reads up to `maxCount` bytes; empty when the peer closed the connection.
    ///
    /// - Throws: `PHIGuardError` with code `.io` when the connection fails.
    public func read(maxCount: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: max(1, maxCount))
        let count = buffer.withUnsafeMutableBytes {
            SSL_read(connection, $0.baseAddress, Int32(min($0.count, Int(Int32.max))))
        }
        if count > 0 { return Array(buffer[..<Int(count)]) }
        let reason = SSL_get_error(connection, count)
        ERR_clear_error()
        guard reason == SSL_ERROR_ZERO_RETURN else { throw PHIGuardError(.io, "reading the TLS connection failed") }
        return []
    }

    /// Sends close_notify and frees the TLS state; the socket stays open for its owner to close.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        SSL_shutdown(connection)
        ERR_clear_error()
        SSL_free(connection)
        SSL_CTX_free(context)
    }

    private static func configure(_ context: OpaquePointer, caFile: String) throws {
        // SSL_CTX_set_min_proto_version is a macro over SSL_CTX_ctrl, which Swift cannot import.
        guard SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(TLS1_2_VERSION), nil) == 1 else {
            throw Self.failure("TLS 1.2 could not be required")
        }
        guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
            throw Self.failure("the CA file could not be read")
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
    }

    private func attach(socket: Int32, serverName name: String) throws {
        if Self.isIPAddress(name) {
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(connection), name) == 1 else {
                throw Self.failure("the server address is not usable for verification")
            }
        } else {
            // SSL_set_tlsext_host_name is a macro over SSL_ctrl as well.
            let sni = name.withCString {
                SSL_ctrl(
                    connection, SSL_CTRL_SET_TLSEXT_HOSTNAME, Int(TLSEXT_NAMETYPE_host_name),
                    UnsafeMutableRawPointer(mutating: $0))
            }
            guard sni == 1, SSL_set1_host(connection, name) == 1 else {
                throw Self.failure("the server name is not usable for verification")
            }
        }
        guard SSL_set_fd(connection, socket) == 1 else { throw Self.failure("the socket could not be attached") }
    }

    private static func isIPAddress(_ name: String) -> Bool {
        name.contains(":") || (!name.isEmpty && name.allSatisfy { $0 == "." || $0.isASCII && $0.isNumber })
    }

    private static func failure(_ reason: String) -> PHIGuardError {
        ERR_clear_error()
        return PHIGuardError(.crypto, reason)
    }
}
