internal import CMicroHTTPD
import Foundation
import PHIGuardCore

extension HTTPServer {
    /// A running libmicrohttpd daemon and what must outlive it.
    ///
    /// `@unchecked Sendable`: it holds C pointers, used only under the server's mutex or after being taken out of it.
    struct Daemon: @unchecked Sendable {
        let handle: OpaquePointer
        let context: Unmanaged<ServerContext>
        let port: UInt16
        /// Copies of the TLS strings, kept until the daemon stops because libmicrohttpd keeps the pointers.
        let ownedStrings: [UnsafeMutablePointer<CChar>]
        /// The listening socket, owned by us once `stopAccepting()` has quiesced the daemon.
        private let quiescedSocket = QuiescedSocket()

        static func start(configuration: Configuration, context: ServerContext) throws -> Daemon {
            guard (configuration.tlsCertificatePEM == nil) == (configuration.tlsKeyPEM == nil) else {
                throw PHIGuardError(.configuration, "TLS needs both a certificate and a key")
            }
            let strings = TLSStrings(configuration)
            let retained = Unmanaged.passRetained(context)
            let started = SocketAddress.withSockaddr(host: configuration.host, port: configuration.port) {
                address, isIPv6 in
                startDaemon(configuration, address: address, isIPv6: isIPv6, tls: strings, context: retained.toOpaque())
            }
            guard let started, let handle = started else {
                retained.release()
                strings.owned.forEach { free($0) }
                guard started != nil else {
                    throw PHIGuardError(.configuration, "the HTTP host must be an IPv4 or IPv6 address")
                }
                throw PHIGuardError(.io, "the HTTP server could not start (address in use or TLS setup refused)")
            }
            return Daemon(
                handle: handle, context: retained, port: phiguard_mhd_bound_port(handle), ownedStrings: strings.owned)
        }

        private static func startDaemon(
            _ configuration: Configuration, address: UnsafePointer<sockaddr>, isIPv6: Bool, tls: TLSStrings,
            context: UnsafeMutableRawPointer
        ) -> OpaquePointer? {
            // Internal polling threads (epoll on Linux, chosen automatically); ITC so the daemon can be quiesced.
            var flags = MHD_USE_AUTO_INTERNAL_THREAD.rawValue | MHD_USE_ITC.rawValue
            if isIPv6 { flags |= MHD_USE_IPv6.rawValue }
            return phiguard_mhd_start(
                flags, address, answerConnection, context, completeRequest, context, keepEscapes,
                UInt32(clamping: configuration.threadCount), configuration.connectionMemoryLimit,
                UInt32(clamping: configuration.connectionTimeoutSeconds),
                UInt32(clamping: configuration.connectionLimit),
                tls.certificate, tls.key, tls.priorities)
        }

        /// Closes the door to new connections; those already accepted carry on.
        func stopAccepting() {
            quiescedSocket.descriptor = MHD_quiesce_daemon(handle)
        }

        /// Stops every thread, closes every connection and releases the context.
        func stop() {
            MHD_stop_daemon(handle)
            // The quiesced listening socket may only be closed once the daemon's threads are gone.
            if quiescedSocket.descriptor >= 0 { close(quiescedSocket.descriptor) }
            context.release()
            ownedStrings.forEach { free($0) }
        }
    }

    /// C copies of the TLS settings; `nil` pointers when TLS is off.
    struct TLSStrings {
        var certificate: UnsafeMutablePointer<CChar>?
        var key: UnsafeMutablePointer<CChar>?
        var priorities: UnsafeMutablePointer<CChar>?

        init(_ configuration: Configuration) {
            guard let certificatePEM = configuration.tlsCertificatePEM, let keyPEM = configuration.tlsKeyPEM else {
                return
            }
            certificate = strdup(certificatePEM)
            key = strdup(keyPEM)
            priorities = strdup(configuration.tlsPriorities)
        }

        var owned: [UnsafeMutablePointer<CChar>] { [certificate, key, priorities].compactMap { $0 } }
    }

    /// Where the quiesced listening socket is kept between `stopAccepting()` and `stop()`.
    ///
    /// `@unchecked Sendable`: written once by the thread running `shutdown`, read by the same thread.
    final class QuiescedSocket: @unchecked Sendable {
        var descriptor: Int32 = -1
    }
}
