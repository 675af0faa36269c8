import Foundation
import PHIGuardCore

/// The key-encryption key (KEK): 32 bytes kept outside the database, in a file or the `PHIGUARD_KEK` environment
/// variable, that wraps every data-encryption key the database stores.
///
/// Whoever holds the database alone learns nothing; whoever holds the KEK alone has nothing to decrypt.
public struct KeyEncryptionKey: Sendable {
    /// The key length in bytes.
    public static let byteCount = 32
    /// The environment variable that may carry the key, base64-encoded.
    public static let environmentVariable = "PHIGUARD_KEK"

    /// The key itself.
    let key: SecretBytes

    /// A short public name for the key: the first 8 hex digits of its SHA-256. It tells which KEK wrapped a key;
    /// it is not the key and cannot be turned back into it.
    public let id: String

    /// Wraps 32 key bytes.
    ///
    /// - Throws: `PHIGuardError` with code `.configuration` when `key` is not 32 bytes.
    public init(_ key: SecretBytes) throws {
        guard key.count == Self.byteCount else {
            throw PHIGuardError(.configuration, "key-encryption key must be 32 bytes")
        }
        self.key = key
        self.id = key.withUnsafeBytes { String(SHA256.hash($0).hex.prefix(8)) }
    }

    /// Reads the key from base64 text, as found in `PHIGUARD_KEK` or a secret file; whitespace is ignored.
    ///
    /// - Throws: `PHIGuardError` with code `.configuration` when the text is not base64 of 32 bytes.
    public init(base64: String) throws {
        guard let bytes = try? [UInt8](base64: base64), bytes.count == Self.byteCount else {
            throw PHIGuardError(.configuration, "key-encryption key must be 32 bytes in base64")
        }
        try self.init(SecretBytes(bytes))
    }

    /// A new random key.
    public static func generate() -> KeyEncryptionKey {
        do {
            return try KeyEncryptionKey(SecretBytes.random(count: byteCount))
        } catch {
            fatalError("a 32-byte random key is always accepted")
        }
    }

    /// The key from `PHIGUARD_KEK`, or nil when the variable is not set.
    ///
    /// - Throws: `PHIGuardError` with code `.configuration` when the variable is set but not a valid key.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> KeyEncryptionKey? {
        guard let text = environment[environmentVariable] else { return nil }
        return try KeyEncryptionKey(base64: text)
    }

    /// The key as base64 text, for writing it out once at creation.
    var base64: String { key.revealedBytes.base64 }
}

extension KeyEncryptionKey: CustomStringConvertible {
    /// Names the key by its id only.
    public var description: String { "KeyEncryptionKey(id: \(id))" }
}
