import Foundation
import PHIGuardCore

extension Collection where Element == UInt8 {
    /// Appends the bytes as lowercase hexadecimal UTF-8 to `text`, for callers that build bytes, not strings.
    /// It grows `text` once and writes the digits in place (appending digit by digit costs a capacity and
    /// uniqueness check each). Inlinable, so callers in other modules get it specialized to their container.
    @inlinable
    public func appendHex(to text: inout [UInt8]) {
        // The digits are spelled in a temporary buffer (on the stack for hashes and indexes) and appended in one
        // copy: growing `text` by a run of placeholder zeros goes element by element.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count * 2) { digits in
            var position = 0
            for byte in self {
                digits[position] = HexDigits.lowercase(byte >> 4)
                digits[position + 1] = HexDigits.lowercase(byte & 0x0f)
                position += 2
            }
            text.append(contentsOf: UnsafeBufferPointer(rebasing: digits[..<position]))
        }
    }
}

extension Array where Element == UInt8 {
    /// The bytes as lowercase hexadecimal, two digits per byte.
    public var hex: String {
        String(unsafeUninitializedCapacity: count * 2) { text in
            for (offset, byte) in enumerated() {
                text[2 * offset] = HexDigits.lowercase(byte >> 4)
                text[2 * offset + 1] = HexDigits.lowercase(byte & 0x0f)
            }
            return count * 2
        }
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
