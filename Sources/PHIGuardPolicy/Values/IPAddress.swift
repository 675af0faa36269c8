import Foundation

/// A Cedar `ipaddr`: an IPv4 or IPv6 address with a prefix length, so it also stands for a CIDR range.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address bits, right-aligned (IPv4 uses the low 32 bits).
    public var address: UInt128
    /// The prefix length: up to 32 for IPv4, 128 for IPv6.
    public var prefixLength: Int
    /// Whether this is an IPv4 address.
    public var isV4: Bool

    /// Parses `a.b.c.d[/n]` or an IPv6 address `[/n]`; nil when malformed.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let host = String(parts[0])
        let isV4 = !host.contains(":")
        guard let address = isV4 ? Self.parseV4(host) : Self.parseV6(host) else { return nil }
        let width = isV4 ? 32 : 128
        var prefixLength = width
        if parts.count == 2 {
            guard let length = Self.parsePrefix(parts[1]), length <= width else { return nil }
            prefixLength = length
        }
        self.address = address
        self.prefixLength = prefixLength
        self.isV4 = isV4
    }

    private var width: Int { isV4 ? 32 : 128 }

    /// The first address of the range.
    var networkStart: UInt128 {
        let hostBits = width - prefixLength
        guard hostBits > 0 else { return address }
        return (address >> UInt128(hostBits)) << UInt128(hostBits)
    }

    /// The last address of the range.
    var networkEnd: UInt128 {
        let hostBits = width - prefixLength
        guard hostBits > 0 else { return address }
        return networkStart | ((UInt128(1) << UInt128(hostBits)) - 1)
    }

    /// Whether this address is a loopback address (`127.0.0.0/8` or `::1`).
    public var isLoopback: Bool {
        isV4 ? (address >> 24) == 127 : address == 1
    }

    /// Whether the whole range is multicast (`224.0.0.0/4` or `ff00::/8`).
    public var isMulticast: Bool {
        isV4 ? (address >> 28) == 0xE && prefixLength >= 4 : (address >> 120) == 0xFF && prefixLength >= 8
    }

    /// Whether this range lies within `range`; false across address families.
    public func isInRange(_ range: IPAddress) -> Bool {
        guard isV4 == range.isV4 else { return false }
        return range.networkStart <= networkStart && networkEnd <= range.networkEnd
    }

    private static func parsePrefix(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 3, text.allSatisfy(\.isASCII), let value = Int(text) else { return nil }
        guard text == "0" || !text.hasPrefix("0") else { return nil }
        return value
    }

    static func parseV4(_ text: String) -> UInt128? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt128 = 0
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            guard octet == "0" || !octet.hasPrefix("0"), let number = UInt128(octet), number <= 255 else { return nil }
            value = value << 8 | number
        }
        return value
    }

    static func parseV6(_ text: String) -> UInt128? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        guard let head = parseGroups(halves[0], allowIPv4Tail: halves.count == 1) else { return nil }
        if halves.count == 1 {
            return head.count == 8 ? combine(head) : nil
        }
        guard let tail = parseGroups(halves[1], allowIPv4Tail: true), head.count + tail.count <= 7 else { return nil }
        let zeros = Array(repeating: UInt16(0), count: 8 - head.count - tail.count)
        return combine(head + zeros + tail)
    }

    private static func parseGroups(_ text: String, allowIPv4Tail: Bool) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, piece) in pieces.enumerated() {
            if allowIPv4Tail && index == pieces.count - 1 && piece.contains(".") {
                guard let v4 = parseV4(String(piece)) else { return nil }
                groups += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
                continue
            }
            guard (1...4).contains(piece.count), piece.allSatisfy(\.isHexDigit), piece.allSatisfy(\.isASCII),
                let group = UInt16(piece, radix: 16)
            else { return nil }
            groups.append(group)
        }
        return groups
    }

    private static func combine(_ groups: [UInt16]) -> UInt128 {
        groups.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    public var description: String {
        let host: String
        if isV4 {
            host = (0..<4).map { String((address >> UInt128(24 - 8 * $0)) & 0xFF) }.joined(separator: ".")
        } else {
            host = (0..<8).map { String((address >> UInt128(112 - 16 * $0)) & 0xFFFF, radix: 16) }
                .joined(separator: ":")
        }
        return "\(host)/\(prefixLength)"
    }
}
