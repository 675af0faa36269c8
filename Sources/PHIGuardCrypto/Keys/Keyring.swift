import Foundation
import PHIGuardCore

/// The data-encryption keys (DEKs) that protect PHI at rest, unwrapped in memory from their stored form.
///
/// Keys are versioned: the highest version is active and encrypts; every version decrypts, so after `rotate()`
/// old ciphertexts stay readable until they are re-encrypted. A keyring is a value: rotating one copy does not
/// change another, and the caller stores the returned `WrappedKey` before using the rotated keyring.
public struct Keyring: Sendable {
    /// One unwrapped data-encryption key.
    struct DataKey: Sendable {
        var id: String
        var version: UInt32
        var key: SecretBytes
    }

    private let kek: KeyEncryptionKey
    /// Keys by version.
    private(set) var keys: [UInt32: DataKey]
    /// The key for blind indexes, derived from the KEK so indexes survive DEK rotation.
    let indexKey: HMACSHA256.Key

    /// Every key in stored form, lowest version first.
    public private(set) var wrappedKeys: [WrappedKey]

    /// Opens a keyring from the wrapped keys the database holds.
    ///
    /// - Throws: `PHIGuardError` with code `.crypto` when there are no keys, two keys share a version, a key was
    ///   wrapped under another KEK, or a wrapped key fails authentication.
    public init(kek: KeyEncryptionKey, wrappedKeys: [WrappedKey]) throws {
        guard !wrappedKeys.isEmpty else { throw OpenSSL.failure("keyring needs at least one data-encryption key") }
        var keys: [UInt32: DataKey] = [:]
        for wrapped in wrappedKeys {
            let key = try Self.unwrap(wrapped, kek: kek)
            guard keys.updateValue(key, forKey: key.version) == nil else {
                throw OpenSSL.failure("two data-encryption keys share a version")
            }
        }
        self.kek = kek
        self.keys = keys
        self.wrappedKeys = wrappedKeys.sorted { $0.version < $1.version }
        self.indexKey = try kek.key.withUnsafeBytes {
            HMACSHA256.Key(
                SecretBytes(
                    try HKDF.deriveKey(
                        inputKeyMaterial: $0, salt: [UInt8](), info: Array("phiguard blind index v1".utf8),
                        outputByteCount: 32
                    )
                )
            )
        }
    }

    /// The version that encrypts: the highest one.
    public var activeVersion: Int { Int(activeKey.version) }

    /// The id of the key that encrypts.
    public var activeKeyID: String { activeKey.id }

    /// Generates a new random DEK named `dek-<version>` and wraps it under `kek`.
    ///
    /// - Throws: `PHIGuardError` with code `.crypto` when `version` is not in 1...UInt32.max.
    public static func generateKey(kek: KeyEncryptionKey, version: Int = 1, createdAt: Date = Date()) throws
        -> WrappedKey
    {
        guard let storedVersion = UInt32(exactly: version), storedVersion > 0 else {
            throw OpenSSL.failure("data-encryption key version out of range")
        }
        let id = "dek-\(version)"
        let box = try AESGCM.seal(
            SecureRandom.bytes(AESGCM.keyByteCount), key: kek.key,
            authenticating: WrappedKey.associatedData(id: id, version: storedVersion)
        )
        return WrappedKey(
            id: id, version: version, kekID: kek.id, nonce: box.nonce, ciphertext: box.ciphertext, tag: box.tag,
            createdAt: createdAt
        )
    }

    /// Adds a new key one version above the highest and makes it active. Store the returned key; keys already
    /// held keep decrypting.
    ///
    /// - Throws: `PHIGuardError` with code `.crypto` when the versions are exhausted.
    public mutating func rotate(createdAt: Date = Date()) throws -> WrappedKey {
        let wrapped = try Self.generateKey(kek: kek, version: activeVersion + 1, createdAt: createdAt)
        let key = try Self.unwrap(wrapped, kek: kek)
        keys[key.version] = key
        wrappedKeys.append(wrapped)
        return wrapped
    }

    var activeKey: DataKey {
        guard let version = keys.keys.max(), let key = keys[version] else {
            fatalError("a keyring always holds a key")
        }
        return key
    }

    private static func unwrap(_ wrapped: WrappedKey, kek: KeyEncryptionKey) throws -> DataKey {
        guard wrapped.kekID == kek.id else {
            throw OpenSSL.failure("data-encryption key was wrapped under another key-encryption key")
        }
        guard let version = UInt32(exactly: wrapped.version), version > 0,
            (1...255).contains(wrapped.id.utf8.count)
        else { throw OpenSSL.failure("data-encryption key id or version out of range") }
        let box = AESGCM.SealedBox(nonce: wrapped.nonce, ciphertext: wrapped.ciphertext, tag: wrapped.tag)
        let key = try AESGCM.open(
            box, key: kek.key, authenticating: WrappedKey.associatedData(id: wrapped.id, version: version)
        )
        guard key.count == AESGCM.keyByteCount else { throw OpenSSL.failure("data-encryption key must be 32 bytes") }
        return DataKey(id: wrapped.id, version: version, key: SecretBytes(key))
    }
}

extension Keyring: CustomStringConvertible {
    /// Key names and versions only.
    public var description: String {
        "Keyring(kek: \(kek.id), active: \(activeKeyID) v\(activeVersion), keys: \(keys.count))"
    }
}
