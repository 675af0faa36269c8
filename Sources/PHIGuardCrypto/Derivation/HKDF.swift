/// HKDF with HMAC-SHA-256 (RFC 5869): turns one strong key into independent keys, one per purpose (`info`).
public enum HKDF {
    /// Extracts from `inputKeyMaterial` and expands to `outputByteCount` bytes bound to `info`.
    ///
    /// - Throws: `PHIGuardError` with code `.crypto` when more than 255 blocks (8160 bytes) are asked for.
    public static func deriveKey(
        inputKeyMaterial: some Collection<UInt8>,
        salt: some Collection<UInt8>,
        info: some Collection<UInt8>,
        outputByteCount: Int
    ) throws -> [UInt8] {
        guard (0...255 * SHA256.byteCount).contains(outputByteCount) else {
            throw OpenSSL.failure("HKDF output length out of range")
        }
        // RFC 5869: an absent salt is a string of HashLen zeros, which HMAC pads to the same key as no bytes.
        let pseudorandomKey = HMACSHA256.authenticate(key: salt, message: inputKeyMaterial)
        let info = Array(info)
        var output: [UInt8] = []
        var block: [UInt8] = []
        var counter: UInt8 = 1
        while output.count < outputByteCount {
            block = HMACSHA256.authenticate(key: pseudorandomKey, message: block + info + [counter])
            output += block
            counter &+= 1
        }
        return Array(output.prefix(outputByteCount))
    }
}
