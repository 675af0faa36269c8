import PHIGuardCore
import PHIGuardCrypto
import PHIGuardLedger

/// JSON for ledger entries in API answers: the canonical event is embedded byte for byte, so a client can hash
/// `event` and compare it with `leaf_hash` (SHA-256 of 0x00 and those bytes).
enum AuditJSON {
    static func entry(_ entry: LedgerEntry) -> [UInt8] {
        var out = Array("{\"index\":\(entry.index),\"leaf_hash\":\"\(entry.leafHash.hex)\",\"event\":".utf8)
        out += entry.event?.canonicalJSON() ?? Array("null".utf8)
        out += Array(",\"pruned\":\(entry.event == nil)}".utf8)
        return out
    }

    static func list(_ name: String, _ entries: [LedgerEntry], extra: String = "") -> [UInt8] {
        var out = Array("{\"\(name)\":[".utf8)
        for (position, entry) in entries.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            out += Self.entry(entry)
        }
        out += Array("]\(extra)}".utf8)
        return out
    }
}
