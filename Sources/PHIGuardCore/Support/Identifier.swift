/// Random identifiers for records and requests, drawn from the system's cryptographic generator.
public enum Identifier {
    /// A random identifier of `bytes` bytes as lowercase hex (16 bytes gives 32 characters).
    public static func random(bytes: Int = 16) -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        text.reserveCapacity(bytes * 2)
        let digits = Array("0123456789abcdef")
        for _ in 0..<bytes {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }

    /// Whether `text` is acceptable as a caller-supplied request id: 1 to 128 visible ASCII characters.
    public static func isAcceptableRequestID(_ text: String) -> Bool {
        guard (1...128).contains(text.utf8.count) else { return false }
        return text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }
}
