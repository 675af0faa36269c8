import Foundation

/// Conversions between address text and `sockaddr` for binding and for logging the client's address.
enum SocketAddress {
    /// Calls `body` with a `sockaddr` for `host` and `port`, and whether it is IPv6; `nil` when `host` is not a literal.
    static func withSockaddr<T>(
        host: String, port: UInt16, _ body: (UnsafePointer<sockaddr>, Bool) throws -> T
    ) rethrows -> T? {
        var v4 = sockaddr_in()
        v4.sin_family = sa_family_t(AF_INET)
        v4.sin_port = port.bigEndian
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            return try withUnsafePointer(to: &v4) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, false) }
            }
        }
        var v6 = sockaddr_in6()
        v6.sin6_family = sa_family_t(AF_INET6)
        v6.sin6_port = port.bigEndian
        if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            return try withUnsafePointer(to: &v6) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, true) }
            }
        }
        return nil
    }

    /// The numeric text of an IPv4 or IPv6 address, or an empty string for other families.
    static func text(of address: UnsafePointer<sockaddr>) -> String {
        let family = Int32(address.pointee.sa_family)
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(INET6_ADDRSTRLEN) + 1) { buffer in
            guard let base = buffer.baseAddress else { return "" }
            let size = socklen_t(buffer.count)
            switch family {
            case AF_INET:
                var v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                guard inet_ntop(AF_INET, &v4, base, size) != nil else { return "" }
            case AF_INET6:
                var v6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                guard inet_ntop(AF_INET6, &v6, base, size) != nil else { return "" }
            default:
                return ""
            }
            return String(cString: base)
        }
    }
}
