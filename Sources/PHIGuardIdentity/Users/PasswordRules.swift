import PHIGuardCore
import PHIGuardCrypto

/// What a password must be (after NIST SP 800-63B: length over composition rules), and one-time passwords.
public enum PasswordRules {
    /// The shortest password accepted.
    public static let minimumLength = 12
    /// The longest accepted, so hashing cost stays bounded.
    public static let maximumLength = 256

    /// Throws `input.invalid` with a reason a person can act on.
    public static func check(_ password: String) throws {
        guard password.count >= minimumLength else {
            throw PHIGuardError(.invalidInput, "a password needs at least \(minimumLength) characters")
        }
        guard password.count <= maximumLength else {
            throw PHIGuardError(.invalidInput, "a password may have at most \(maximumLength) characters")
        }
        guard Set(password).count >= 4 else {
            throw PHIGuardError(.invalidInput, "a password needs more than three different characters")
        }
    }

    /// A random one-time password of 20 characters from an alphabet without look-alike characters.
    public static func generate() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789")
        // 256 is not a multiple of the alphabet size: reject high bytes so every character is equally likely.
        let limit = UInt8(256 - 256 % alphabet.count)
        var out = ""
        while out.count < 20 {
            for byte in SecureRandom.bytes(32) where byte < limit && out.count < 20 {
                out.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return out
    }
}
