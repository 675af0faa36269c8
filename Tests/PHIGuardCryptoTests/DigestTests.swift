import Dispatch
import PHIGuardCrypto
import Synchronization
import Testing

@Suite("SHA-256, HMAC-SHA-256 and HKDF")
struct DigestTests {
    /// FIPS 180-2 appendix B examples, and the empty string.
    static let sha256Vectors: [(message: String, digest: String)] = [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ]

    @Test("SHA-256 matches the FIPS 180-2 examples", arguments: sha256Vectors)
    func sha256KnownAnswers(message: String, digest: String) {
        #expect(SHA256.hash(message.utf8).hex == digest)
    }

    @Test("the incremental hasher agrees with the one-shot digest", arguments: sha256Vectors)
    func incrementalHasher(message: String, digest: String) {
        var hasher = SHA256.Hasher()
        let bytes = Array(message.utf8)
        hasher.update(bytes.prefix(bytes.count / 3))
        hasher.update(bytes.dropFirst(bytes.count / 3))
        #expect(hasher.finalize().hex == digest)
    }

    /// RFC 4231 section 4: key and data as hex, expected HMAC-SHA-256 (test case 5 is truncated to 128 bits).
    struct HMACVector: Sendable, CustomTestStringConvertible {
        var name: String
        var key: String
        var data: String
        var mac: String
        var testDescription: String { name }
    }

    static let hmacVectors: [HMACVector] = [
        HMACVector(
            name: "test case 1", key: String(repeating: "0b", count: 20), data: "4869205468657265",
            mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        HMACVector(
            name: "test case 2", key: "4a656665",
            data: "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
            mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        HMACVector(
            name: "test case 3", key: String(repeating: "aa", count: 20), data: String(repeating: "dd", count: 50),
            mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
        ),
        HMACVector(
            name: "test case 4", key: "0102030405060708090a0b0c0d0e0f10111213141516171819",
            data: String(repeating: "cd", count: 50),
            mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
        ),
        HMACVector(
            name: "test case 5 (truncated)", key: String(repeating: "0c", count: 20),
            data: "546573742057697468205472756e636174696f6e", mac: "a3b6167473100ee06e0c796c2955552b"
        ),
        HMACVector(
            name: "test case 6", key: String(repeating: "aa", count: 131),
            data: "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048"
                + "617368204b6579204669727374",
            mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        HMACVector(
            name: "test case 7", key: String(repeating: "aa", count: 131),
            data: "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d"
                + "73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174"
                + "612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e"
                + "6720757365642062792074686520484d414320616c676f726974686d2e",
            mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ]

    @Test("HMAC-SHA-256 matches RFC 4231", arguments: hmacVectors)
    func hmacKnownAnswers(vector: HMACVector) throws {
        let key = try [UInt8](hex: vector.key)
        let data = try [UInt8](hex: vector.data)
        let mac = HMACSHA256.authenticate(key: key, message: data)
        #expect(mac.count == HMACSHA256.byteCount)
        let expected = try [UInt8](hex: vector.mac)
        #expect(Array(mac.prefix(expected.count)) == expected)
        #expect(HMACSHA256.isValid(mac, key: key, message: data))
    }

    @Test("a prepared HMAC key matches RFC 4231 on every reuse and from concurrent threads", arguments: hmacVectors)
    func preparedKeyKnownAnswers(vector: HMACVector) throws {
        let key = HMACSHA256.Key(SecretBytes(try [UInt8](hex: vector.key)))
        let data = try [UInt8](hex: vector.data)
        let expected = try [UInt8](hex: vector.mac)
        let matches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for round in 0..<50 {
                // Another message in between must not leave state behind for the next one.
                _ = key.authenticate([UInt8(round)])
                if Array(key.authenticate(data).prefix(expected.count)) == expected {
                    matches.withLock { $0 += 1 }
                }
            }
        }
        #expect(matches.withLock { $0 } == 8 * 50)
    }

    @Test("HKDF-SHA-256 matches RFC 5869 test cases 1 and 3")
    func hkdfKnownAnswers() throws {
        let inputKeyMaterial = [UInt8](repeating: 0x0b, count: 22)
        let first = try HKDF.deriveKey(
            inputKeyMaterial: inputKeyMaterial, salt: try [UInt8](hex: "000102030405060708090a0b0c"),
            info: try [UInt8](hex: "f0f1f2f3f4f5f6f7f8f9"), outputByteCount: 42
        )
        #expect(first.hex == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
        let third = try HKDF.deriveKey(
            inputKeyMaterial: inputKeyMaterial, salt: [UInt8](), info: [UInt8](), outputByteCount: 42
        )
        #expect(third.hex == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")
    }
}
