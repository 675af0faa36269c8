import PHIGuardCrypto

/// RFC 5424 syslog messages for ledger entries, and the octet-counting framing of RFC 5425 / RFC 6587.
///
/// A message is `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [STRUCTURED-DATA] MSG`. The structured data
/// carries the ledger index and leaf hash so a SIEM can ask PHIGuard for the entry and its proof. The MSG is a
/// short ASCII summary without PHI: no patient id, no PHI category, no failure reason.
public enum Syslog5424 {
    /// The SD-ID of PHIGuard's structured data element. 32473 is the private enterprise number IANA reserves
    /// for documentation and examples (RFC 5612); a deployment with its own number would use that instead.
    public static let structuredDataID = "phiguard@32473"

    /// A syslog facility (RFC 5424 section 6.2.1).
    public struct Facility: Sendable, Hashable {
        /// The numeric code, 0 through 23.
        public let code: Int

        /// Security and authorization messages kept private (10).
        public static let authpriv = Facility(code: 10)
        /// Log audit (13).
        public static let logAudit = Facility(code: 13)
        /// Local use 4 (20), PHIGuard's default: SIEMs route local facilities by configuration.
        public static let local4 = Facility(code: 20)

        /// Local use 0 through 7.
        public static func local(_ number: Int) -> Facility? {
            (0...7).contains(number) ? Facility(code: 16 + number) : nil
        }

        private init(code: Int) { self.code = code }
    }

    /// Notice (5) for a success, warning (4) for a failure.
    static func severity(_ entry: LedgerEntry) -> Int {
        entry.event?.outcome.succeeded == false ? 4 : 5
    }

    /// The RFC 5424 message for an entry, without framing or trailing newline.
    ///
    /// - Parameters:
    ///   - entry: The ledger entry; a pruned one still yields its index and leaf hash.
    ///   - hostname: This host's name (printable ASCII, at most 255 characters; others are replaced).
    ///   - appName: The application name (at most 48 characters), for example `phiguard`.
    ///   - facility: The facility; `local4` unless configured.
    public static func message(
        for entry: LedgerEntry, hostname: String, appName: String, facility: Facility = .local4
    ) -> String {
        let priority = facility.code * 8 + severity(entry)
        let timestamp = entry.event?.receivedTime.text ?? "-"
        let msgID = header(entry.event?.action.rawValue ?? "pruned", limit: 32)
        let header =
            "<\(priority)>1 \(timestamp) \(Self.header(hostname, limit: 255)) "
            + "\(Self.header(appName, limit: 48)) - \(msgID)"
        return header + " " + structuredData(entry) + " " + summary(entry)
    }

    /// The message framed by octet counting: the byte count of the UTF-8 message, a space, the message.
    public static func octetCounted(_ message: String) -> [UInt8] {
        let bytes = Array(message.utf8)
        return Array("\(bytes.count) ".utf8) + bytes
    }

    /// Escapes `"`, `\` and `]` in a PARAM-VALUE (RFC 5424 section 6.3.3).
    static func escapeParameter(_ value: String) -> String {
        var out = ""
        for character in value {
            if character == "\"" || character == "\\" || character == "]" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    private static func structuredData(_ entry: LedgerEntry) -> String {
        var parameters = [("index", String(entry.index)), ("leaf_hash", entry.leafHash.hex)]
        if let event = entry.event {
            parameters += [
                ("event_class", event.eventClass.rawValue), ("action", event.action.rawValue),
                ("outcome", event.outcome.succeeded ? "success" : "failure"),
            ]
            if event.isBreakTheGlass { parameters.append(("break_the_glass", "true")) }
        }
        let text = parameters.map { "\($0.0)=\"\(escapeParameter($0.1))\"" }.joined(separator: " ")
        return "[\(structuredDataID) \(text)]"
    }

    /// Printable ASCII only, so the MSG needs no BOM (RFC 5424 section 6.4: a MSG without BOM is MSG-ANY).
    private static func summary(_ entry: LedgerEntry) -> String {
        guard let event = entry.event else { return "ledger entry \(entry.index) pruned" }
        var words = [event.eventClass.rawValue, event.action.rawValue, "by", event.actor.userID]
        words.append(event.outcome.succeeded ? "succeeded" : "failed")
        if event.isBreakTheGlass { words.append("(break the glass)") }
        return String(
            decoding: words.joined(separator: " ").utf8.map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: "?") },
            as: UTF8.self)
    }

    /// A header field: printable US-ASCII without spaces, cut to `limit`, or the NILVALUE `-` when empty.
    private static func header(_ text: String, limit: Int) -> String {
        let bytes = text.utf8.prefix(limit).map { (0x21...0x7E).contains($0) ? $0 : UInt8(ascii: "_") }
        return bytes.isEmpty ? "-" : String(decoding: bytes, as: UTF8.self)
    }
}
