import Foundation
import PHIGuardCore

#if canImport(Glibc)
    import Glibc
#endif

/// A connected, blocking TCP socket with send and receive timeouts (Linux applies the send timeout to
/// `connect` as well, so no call blocks longer than the timeout).
final class TCPConnection {
    /// The socket descriptor; -1 once closed.
    private(set) var descriptor: Int32

    /// Connects to the first address of `host` that answers.
    ///
    /// - Throws: `PHIGuardError` with code `.io` when the name does not resolve or no address accepts.
    init(host: String, port: Int, timeout: Double) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw PHIGuardError(.io, "the forwarding host name does not resolve")
        }
        defer { freeaddrinfo(list) }
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            let socket = Glibc.socket(address.pointee.ai_family, address.pointee.ai_socktype, 0)
            if socket >= 0 {
                Self.setTimeouts(socket, timeout)
                if Glibc.connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 {
                    descriptor = socket
                    return
                }
                Glibc.close(socket)
            }
            candidate = address.pointee.ai_next
        }
        throw PHIGuardError(.io, "the forwarding destination refused the connection or did not answer")
    }

    deinit { close() }

    /// Sends all of `bytes`.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw PHIGuardError(.io, "sending to the forwarding destination failed") }
            offset += sent
        }
    }

    func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
    }

    private static func setTimeouts(_ socket: Int32, _ seconds: Double) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        let size = socklen_t(MemoryLayout<timeval>.size)
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &value, size)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &value, size)
    }
}
