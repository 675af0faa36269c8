/// Cryptographically secure random bytes from OpenSSL's generator.
public enum SecureRandom {
    /// `count` random bytes. Stops the process if the generator fails, which only happens when the system
    /// cannot seed it: continuing with weak randomness would be worse.
    public static func bytes(_ count: Int) -> [UInt8] {
        OpenSSL.randomBytes(count)
    }
}
