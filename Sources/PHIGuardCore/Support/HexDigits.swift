/// Lowercase hexadecimal digits, the one spelling used for request ids, hashes, keys and JSON escapes.
public enum HexDigits {
    /// The lowercase hexadecimal digit, as a UTF-8 byte, of a value below 16.
    ///
    /// Without a branch: the digits of hashes and keys are random, so a comparison would be mispredicted half
    /// the time. `9 - value` wraps past 127 exactly when the value is 10 or more, and those digits start 39
    /// places further on ("a" is 97, one past "9" is 58).
    @inlinable
    @inline(__always)
    public static func lowercase(_ value: UInt8) -> UInt8 {
        let isLetter = (9 &- value) >> 7
        return UInt8(ascii: "0") &+ value &+ isLetter &* 39
    }
}
