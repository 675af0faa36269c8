import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardStore

/// This installation's identity: its id, its origin name for signed checkpoints and its signing key.
public struct Instance: Sendable {
    /// A random id fixed at first start.
    public let id: String
    /// The name signed checkpoints carry (C2SP tlog-checkpoint origin line).
    public let origin: String
    /// The Ed25519 key that signs checkpoints; its seed is stored encrypted under the keyring.
    public let signingKey: Ed25519.PrivateKey
    /// The keyring that encrypts identifying fields.
    public let keyring: Keyring
}

extension Instance {
    static let signingKeyContext = "instance_values.signing_key"

    /// Opens the instance in a migrated store, creating its id, data key and signing key on first start.
    ///
    /// - Parameters:
    ///   - kek: the key-encryption key, kept outside the store.
    ///   - origin: the configured origin, used only when the instance is created.
    static func open(store: any Store, kek: KeyEncryptionKey, origin configuredOrigin: String?, logger: Logger) throws
        -> (instance: Instance, created: Bool)
    {
        let keyring = try loadKeyring(store: store, kek: kek, logger: logger)
        let values = try store.read { connection in
            try connection.query("SELECT name, value FROM instance_values").reduce(into: [String: [UInt8]]()) {
                $0[try $1.string("name")] = try $1.bytes("value")
            }
        }
        if let id = values["id"], let origin = values["origin"], let sealedKey = values["signing_key"] {
            let seed = try keyring.decrypt(sealedKey, context: signingKeyContext)
            let instance = Instance(
                id: String(decoding: id, as: UTF8.self), origin: String(decoding: origin, as: UTF8.self),
                signingKey: try Ed25519.PrivateKey(rawRepresentation: SecretBytes(seed)), keyring: keyring)
            return (instance, false)
        }
        let id = Identifier.random()
        let origin = configuredOrigin ?? "phiguard/\(ProcessInfo.processInfo.hostName)/\(id.prefix(8))"
        let key = try Ed25519.PrivateKey()
        let sealed = try keyring.encrypt(key.rawRepresentation.revealedBytes, context: signingKeyContext)
        try store.write { connection in
            try connection.execute("INSERT INTO instance_values (name, value) VALUES ('id', \(Array(id.utf8)))")
            try connection.execute("INSERT INTO instance_values (name, value) VALUES ('origin', \(Array(origin.utf8)))")
            try connection.execute("INSERT INTO instance_values (name, value) VALUES ('signing_key', \(sealed))")
            try connection.execute(
                "INSERT INTO instance_values (name, value) VALUES ('signing_public_key', \(key.publicKey.rawRepresentation))"
            )
        }
        logger.notice("instance created", [.keyID: .string(keyring.activeKeyID)])
        return (Instance(id: id, origin: origin, signingKey: key, keyring: keyring), true)
    }

    /// Opens an existing instance without writing anything, for offline tools such as `ledger verify`.
    ///
    /// - Throws: `config.invalid` when the store holds no instance.
    public static func openExisting(store: any Store, kek: KeyEncryptionKey) throws -> Instance {
        let decoder = JSON.decoder()
        let wrapped = try store.read { connection in
            try connection.query("SELECT wrapped FROM data_keys ORDER BY version").map {
                try decoder.decode(WrappedKey.self, from: Data(try $0.string("wrapped").utf8))
            }
        }
        let values = try store.read { connection in
            try connection.query("SELECT name, value FROM instance_values").reduce(into: [String: [UInt8]]()) {
                $0[try $1.string("name")] = try $1.bytes("value")
            }
        }
        guard !wrapped.isEmpty, let id = values["id"], let origin = values["origin"], let sealed = values["signing_key"]
        else {
            throw PHIGuardError(.configuration, "this store holds no PHIGuard instance")
        }
        let keyring = try Keyring(kek: kek, wrappedKeys: wrapped)
        let seed = try keyring.decrypt(sealed, context: signingKeyContext)
        return Instance(
            id: String(decoding: id, as: UTF8.self), origin: String(decoding: origin, as: UTF8.self),
            signingKey: try Ed25519.PrivateKey(rawRepresentation: SecretBytes(seed)), keyring: keyring)
    }

    /// Loads the wrapped data keys, creating the first one when there is none.
    private static func loadKeyring(store: any Store, kek: KeyEncryptionKey, logger: Logger) throws -> Keyring {
        let decoder = JSON.decoder()
        var wrapped = try store.read { connection in
            try connection.query("SELECT wrapped FROM data_keys ORDER BY version").map {
                try decoder.decode(WrappedKey.self, from: Data(try $0.string("wrapped").utf8))
            }
        }
        if wrapped.isEmpty {
            let key = try Keyring.generateKey(kek: kek)
            let text = String(decoding: try JSON.encode(key), as: UTF8.self)
            let now = Int64(Date().timeIntervalSince1970)
            try store.write { connection in
                try connection.execute(
                    """
                    INSERT INTO data_keys (id, version, wrapped, created_at)
                    VALUES (\(key.id), \(Int64(key.version)), \(text), \(now))
                    """
                )
            }
            logger.notice("data-encryption key created", [.keyID: .string(key.id)])
            wrapped = [key]
        }
        return try Keyring(kek: kek, wrappedKeys: wrapped)
    }
}
