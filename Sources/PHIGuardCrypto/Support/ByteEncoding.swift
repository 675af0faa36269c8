import Foundation
import PHIGuardCore

extension Array where Element == UInt8 {
    /// The bytes as lowercase hexadecimal, two digits per byte.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(count * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Parses hexadecimal: an even number of digits, either case, no prefix or separators.
    ///
    /// - Throws: `PHIGuardError` with code `.invalidInput` when `hex` is not such text.
    public init(hex: some StringProtocol) throws {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else {
            throw PHIGuardError(.invalidInput, "hexadecimal text has an odd number of digits")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = Self.hexValue(digits[index]), let low = Self.hexValue(digits[index + 1]) else {
                throw PHIGuardError(.invalidInput, "text is not hexadecimal")
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        self = bytes
    }

    /// The bytes in standard base64 with padding (RFC 4648 section 4).
    public var base64: String { Data(self).base64EncodedString() }

    /// Parses standard base64; padding is optional and surrounding whitespace is ignored.
    ///
    /// - Throws: `PHIGuardError` with code `.invalidInput` when `base64` is not such text.
    public init(base64: some StringProtocol) throws {
        var text = base64.trimmingCharacters(in: .whitespacesAndNewlines)
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard let data = Data(base64Encoded: text) else {
            throw PHIGuardError(.invalidInput, "text is not base64")
        }
        self = Array(data)
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
