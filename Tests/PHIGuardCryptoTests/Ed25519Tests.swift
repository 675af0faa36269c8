import PHIGuardCrypto
import Testing

@Suite("Ed25519")
struct Ed25519Tests {
    /// RFC 8032 section 7.1: TEST 1, 2, 3 and TEST SHA(abc).
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var secretKey: String
        var publicKey: String
        var message: String
        var signature: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(
            name: "TEST 1", secretKey: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", message: "",
            signature:
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd"
                + "25bf5f0595bbe24655141438e7a100b"
        ),
        Vector(
            name: "TEST 2", secretKey: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", message: "72",
            signature: "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8"
                + "c387b2eaeb4302aeeb00d291612bb0c00"
        ),
        Vector(
            name: "TEST 3", secretKey: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            publicKey: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", message: "af82",
            signature: "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc65"
                + "94a7c15e9716ed28dc027beceea1ec40a"
        ),
        Vector(
            name: "TEST SHA(abc)", secretKey: "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
            publicKey: "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            message: "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
                + "454d4423643ce80e2a9ac94fa54ca49f",
            signature: "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e03"
                + "03dca179c138ac17ad9bef1177331a704"
        ),
    ]

    @Test("the public key is derived from the secret key as in RFC 8032", arguments: vectors)
    func publicKeyDerivation(vector: Vector) throws {
        let key = try Ed25519.PrivateKey(rawRepresentation: try [UInt8](hex: vector.secretKey))
        #expect(key.publicKey.rawRepresentation.hex == vector.publicKey)
        #expect(key.rawRepresentation.revealedBytes.hex == vector.secretKey)
    }

    @Test("signatures match RFC 8032 byte for byte", arguments: vectors)
    func signatureKnownAnswers(vector: Vector) throws {
        let key = try Ed25519.PrivateKey(rawRepresentation: try [UInt8](hex: vector.secretKey))
        #expect(try key.sign(try [UInt8](hex: vector.message)).hex == vector.signature)
    }

    @Test("published signatures verify and a flipped bit is rejected", arguments: vectors)
    func verification(vector: Vector) throws {
        let publicKey = try Ed25519.PublicKey(rawRepresentation: try [UInt8](hex: vector.publicKey))
        let message = try [UInt8](hex: vector.message)
        var signature = try [UInt8](hex: vector.signature)
        #expect(publicKey.isValidSignature(signature, for: message))

        signature[10] ^= 0x04
        #expect(!publicKey.isValidSignature(signature, for: message))
        #expect(!publicKey.isValidSignature(try [UInt8](hex: vector.signature), for: message + [0]))
        #expect(!publicKey.isValidSignature(signature.prefix(63), for: message))
    }

    @Test("a generated key signs what its public key verifies")
    func generatedKeyRoundTrip() throws {
        let key = try Ed25519.PrivateKey()
        let restored = try Ed25519.PrivateKey(rawRepresentation: key.rawRepresentation)
        #expect(restored.publicKey == key.publicKey)
        let signature = try key.sign(Array("checkpoint 42".utf8))
        #expect(signature.count == 64)
        #expect(key.publicKey.isValidSignature(signature, for: Array("checkpoint 42".utf8)))
        #expect(!String(describing: key).contains(key.rawRepresentation.revealedBytes.hex))
    }

    @Test("one key signs and verifies from many tasks at once")
    func concurrentUse() async throws {
        let key = try Ed25519.PrivateKey()
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let message = Array("entry \(index)".utf8)
                    return key.publicKey.isValidSignature(try key.sign(message), for: message)
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 32)
        #expect(results.allSatisfy { $0 })
    }

    @Test("keys of the wrong length are refused")
    func wrongLengths() {
        #expect(throws: (any Error).self) {
            try Ed25519.PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: 31))
        }
        #expect(throws: (any Error).self) { try Ed25519.PublicKey(rawRepresentation: [UInt8](repeating: 1, count: 33)) }
    }
}
