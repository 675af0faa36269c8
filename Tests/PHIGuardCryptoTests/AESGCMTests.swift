import PHIGuardCore
import PHIGuardCrypto
import Testing

@Suite("AES-256-GCM")
struct AESGCMTests {
    /// McGrew and Viega, "The Galois/Counter Mode of Operation", test cases 13 to 16 (256-bit keys, 96-bit IVs).
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var key: String
        var nonce: String
        var plaintext: String
        var aad: String
        var ciphertext: String
        var tag: String
        var testDescription: String { name }
    }

    static let key15 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
    static let plaintext15 =
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
        + "b16aedf5aa0de657ba637b391aafd255"
    static let ciphertext15 =
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
        + "c5f61e6393ba7a0abcc9f662898015ad"

    static let vectors: [Vector] = [
        Vector(
            name: "test case 13", key: String(repeating: "00", count: 32), nonce: String(repeating: "00", count: 12),
            plaintext: "", aad: "", ciphertext: "", tag: "530f8afbc74536b9a963b4f1c4cb738b"
        ),
        Vector(
            name: "test case 14", key: String(repeating: "00", count: 32), nonce: String(repeating: "00", count: 12),
            plaintext: String(repeating: "00", count: 16), aad: "", ciphertext: "cea7403d4d606b6e074ec5d3baf39d18",
            tag: "d0d1c8a799996bf0265b98b5d48ab919"
        ),
        Vector(
            name: "test case 15", key: key15, nonce: "cafebabefacedbaddecaf888", plaintext: plaintext15, aad: "",
            ciphertext: ciphertext15, tag: "b094dac5d93471bdec1a502270e3cc6c"
        ),
        Vector(
            name: "test case 16 (with AAD)", key: key15, nonce: "cafebabefacedbaddecaf888",
            plaintext: String(plaintext15.dropLast(8)), aad: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
            ciphertext: String(ciphertext15.dropLast(8)), tag: "76fc6ece0f4e1768cddf8853bb2d551b"
        ),
    ]

    @Test("sealing matches the GCM specification", arguments: vectors)
    func sealKnownAnswers(vector: Vector) throws {
        let box = try AESGCM.seal(
            try [UInt8](hex: vector.plaintext), key: SecretBytes(try [UInt8](hex: vector.key)),
            nonce: try [UInt8](hex: vector.nonce), authenticating: try [UInt8](hex: vector.aad)
        )
        #expect(box.ciphertext.hex == vector.ciphertext)
        #expect(box.tag.hex == vector.tag)
    }

    @Test("opening recovers the plaintext of the specification", arguments: vectors)
    func openKnownAnswers(vector: Vector) throws {
        let box = AESGCM.SealedBox(
            nonce: try [UInt8](hex: vector.nonce), ciphertext: try [UInt8](hex: vector.ciphertext),
            tag: try [UInt8](hex: vector.tag)
        )
        let plaintext = try AESGCM.open(
            box, key: SecretBytes(try [UInt8](hex: vector.key)), authenticating: try [UInt8](hex: vector.aad)
        )
        #expect(plaintext.hex == vector.plaintext)
    }

    @Test("a flipped bit in the tag, ciphertext or associated data fails to open")
    func tamperingFails() throws {
        let key = SecretBytes.random(count: AESGCM.keyByteCount)
        let box = try AESGCM.seal(Array("diagnosis code".utf8), key: key, authenticating: Array("row 7".utf8))
        #expect(try AESGCM.open(box, key: key, authenticating: Array("row 7".utf8)) == Array("diagnosis code".utf8))

        var badTag = box
        badTag.tag[0] ^= 0x01
        #expect(throws: PHIGuardError(.crypto, "")) {
            try AESGCM.open(badTag, key: key, authenticating: Array("row 7".utf8))
        }

        var badCiphertext = box
        badCiphertext.ciphertext[3] ^= 0x80
        #expect(throws: PHIGuardError(.crypto, "")) {
            try AESGCM.open(badCiphertext, key: key, authenticating: Array("row 7".utf8))
        }
        #expect(throws: PHIGuardError(.crypto, "")) {
            try AESGCM.open(box, key: key, authenticating: Array("row 8".utf8))
        }
    }

    @Test("random nonces differ and wrong sizes are refused")
    func noncesAndSizes() throws {
        let key = SecretBytes.random(count: 32)
        let first = try AESGCM.seal([1, 2, 3], key: key)
        let second = try AESGCM.seal([1, 2, 3], key: key)
        #expect(first.nonce.count == 12)
        #expect(first.nonce != second.nonce)
        #expect(throws: PHIGuardError(.crypto, "")) { try AESGCM.seal([1], key: SecretBytes.random(count: 16)) }
        #expect(throws: PHIGuardError(.crypto, "")) { try AESGCM.seal([1], key: key, nonce: [0, 0, 0]) }
    }
}
