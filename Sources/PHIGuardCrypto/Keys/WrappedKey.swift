import Foundation

/// A data-encryption key (DEK) as the database stores it: encrypted with AES-256-GCM under the key-encryption
/// key, with the key id and version as associated data, so a wrapped key cannot be relabelled as another.
public struct WrappedKey: Sendable, Hashable {
    /// The key's name, for example `dek-3`.
    public var id: String
    /// The key's version; the highest version in a keyring encrypts, every version decrypts.
    public var version: Int
    /// The id of the key-encryption key that wrapped it.
    public var kekID: String
    /// The AES-GCM nonce of the wrapping.
    public var nonce: [UInt8]
    /// The encrypted 32-byte key.
    public var ciphertext: [UInt8]
    /// The AES-GCM tag of the wrapping.
    public var tag: [UInt8]
    /// When the key was generated.
    public var createdAt: Date

    /// Reassembles a wrapped key read from storage.
    public init(
        id: String,
        version: Int,
        kekID: String,
        nonce: [UInt8],
        ciphertext: [UInt8],
        tag: [UInt8],
        createdAt: Date
    ) {
        self.id = id
        self.version = version
        self.kekID = kekID
        self.nonce = nonce
        self.ciphertext = ciphertext
        self.tag = tag
        self.createdAt = createdAt
    }

    /// The associated data that binds the wrapping to the id and version: UTF-8 id, a zero byte, the version as a
    /// big-endian UInt32.
    static func associatedData(id: String, version: UInt32) -> [UInt8] {
        Array(id.utf8) + [0] + version.bigEndianBytes
    }
}

extension WrappedKey: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, version, kekID, nonce, ciphertext, tag, createdAt
    }

    /// Decodes the form `encode(to:)` writes, with the binary fields in base64.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(String.self, forKey: .id)
        self.version = try container.decode(Int.self, forKey: .version)
        self.kekID = try container.decode(String.self, forKey: .kekID)
        self.nonce = try Self.decodeBytes(container, .nonce)
        self.ciphertext = try Self.decodeBytes(container, .ciphertext)
        self.tag = try Self.decodeBytes(container, .tag)
        self.createdAt = try container.decode(Date.self, forKey: .createdAt)
    }

    /// Encodes the key with `nonce`, `ciphertext` and `tag` as base64 strings.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(version, forKey: .version)
        try container.encode(kekID, forKey: .kekID)
        try container.encode(nonce.base64, forKey: .nonce)
        try container.encode(ciphertext.base64, forKey: .ciphertext)
        try container.encode(tag.base64, forKey: .tag)
        try container.encode(createdAt, forKey: .createdAt)
    }

    private static func decodeBytes(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws
        -> [UInt8]
    {
        let text = try container.decode(String.self, forKey: key)
        guard let bytes = try? [UInt8](base64: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not base64")
        }
        return bytes
    }
}
