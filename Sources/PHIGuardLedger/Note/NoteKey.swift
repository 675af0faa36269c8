import PHIGuardCore
import PHIGuardCrypto

/// Rules shared by the C2SP signed-note key encodings: names, key hashes and the Ed25519 algorithm byte.
enum NoteKey {
    /// The signature algorithm byte for Ed25519 keys.
    static let ed25519Algorithm: UInt8 = 0x01
    /// The prefix of the Go-style encoded private key.
    static let privateKeyPrefix = "PRIVATE+KEY+"

    /// Whether `name` can name a key: non-empty, no Unicode white space, no `+`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0.properties.isWhitespace || $0 == "+" || $0.value < 0x20 }
    }

    /// The key hash: the first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || public key).
    static func keyHash(name: String, publicKey: Ed25519.PublicKey) -> UInt32 {
        let digest = SHA256.hash(Array(name.utf8) + [0x0A, ed25519Algorithm] + publicKey.rawRepresentation)
        return digest.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The key hash as 8 lowercase hexadecimal digits.
    static func hex(_ keyHash: UInt32) -> String {
        let digits = String(keyHash, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// Splits `<name>+<8 hex digits>+<base64(0x01 || 32 key bytes)>` into its checked parts.
    ///
    /// The base64 part may itself contain `+`, so only the first two `+` separate fields.
    static func parse(_ encoded: Substring, what: String) throws -> (name: String, keyHash: UInt32, key: [UInt8]) {
        let fields = encoded.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, isValidName(String(fields[0])) else { throw invalid("\(what) has a bad name") }
        guard fields[1].utf8.count == 8, fields[1].allSatisfy(\.isHexDigit), let keyHash = UInt32(fields[1], radix: 16)
        else { throw invalid("\(what) has a bad key hash") }
        guard let bytes = strictBase64(fields[2]), bytes.count == 33, bytes[0] == ed25519Algorithm else {
            throw invalid("\(what) is not an Ed25519 key")
        }
        return (String(fields[0]), keyHash, Array(bytes.dropFirst()))
    }

    /// Decodes standard base64 with padding, refusing any text that is not the canonical encoding of its bytes.
    static func strictBase64(_ text: some StringProtocol) -> [UInt8]? {
        guard !text.isEmpty, let bytes = try? [UInt8](base64: text), bytes.base64 == text else { return nil }
        return bytes
    }

    static func invalid(_ reason: String, fileID: String = #fileID, line: Int = #line) -> PHIGuardError {
        PHIGuardError(.noteInvalid, reason, fileID: fileID, line: line)
    }
}
