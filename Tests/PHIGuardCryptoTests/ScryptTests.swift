import Foundation
import PHIGuardCrypto
import Testing

@Suite("scrypt and password hashes")
struct ScryptTests {
    /// RFC 7914 section 12. The fourth vector (N = 2^20, r = 8) needs 1 GiB and is left out for the test machines.
    struct Vector: Sendable, CustomTestStringConvertible {
        var password: String
        var salt: String
        var n: UInt64
        var r: UInt32
        var p: UInt32
        var output: String
        var testDescription: String { "N=\(n), r=\(r), p=\(p)" }
    }

    static let vectors: [Vector] = [
        Vector(
            password: "", salt: "", n: 16, r: 1, p: 1,
            output: "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8"
                + "d3e0fb2e0d3628cf35e20c38d18906"
        ),
        Vector(
            password: "password", salt: "NaCl", n: 1024, r: 8, p: 16,
            output: "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac7"
                + "27afb94a83ee6d8360cbdfa2cc0640"
        ),
        Vector(
            password: "pleaseletmein", salt: "SodiumChloride", n: 16384, r: 8, p: 1,
            output: "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e6"
                + "1e85dc0d651e40dfcf017b45575887"
        ),
    ]

    @Test("scrypt matches RFC 7914", arguments: vectors)
    func scryptKnownAnswers(vector: Vector) throws {
        let output = try Scrypt.derive(
            password: vector.password.utf8, salt: vector.salt.utf8, n: vector.n, r: vector.r, p: vector.p, length: 64
        )
        #expect(output.hex == vector.output)
    }

    @Test("scrypt refuses parameters above the memory limit or N not a power of two")
    func scryptLimits() {
        #expect(throws: (any Error).self) {
            try Scrypt.derive(password: [1], salt: [2], n: 1 << 14, r: 8, p: 1, length: 32, maxMemory: 1 << 20)
        }
        #expect(throws: (any Error).self) {
            try Scrypt.derive(password: [1], salt: [2], n: 1000, r: 8, p: 1, length: 32)
        }
    }

    @Test("a password hash is a PHC string that verifies the right password only")
    func passwordRoundTrip() throws {
        let encoded = try PasswordHash.make(password: "correct horse", cost: .testing)
        #expect(encoded.hasPrefix("$scrypt$ln=4,r=8,p=1$"))
        let fields = encoded.split(separator: "$")
        #expect(fields.count == 4)
        #expect(try [UInt8](base64: fields[2]).count == 16)
        #expect(try [UInt8](base64: fields[3]).count == 32)
        #expect(!encoded.contains("correct"))

        #expect(PasswordHash.verify(password: "correct horse", against: encoded))
        #expect(!PasswordHash.verify(password: "correct horsE", against: encoded))
        #expect(PasswordHash.cost(of: encoded) == .testing)
        #expect(try PasswordHash.make(password: "correct horse", cost: .testing) != encoded)
    }

    @Test("the interactive cost uses N = 2^15 and still verifies")
    func interactiveCost() throws {
        let encoded = try PasswordHash.make(password: "s3cret")
        #expect(encoded.hasPrefix("$scrypt$ln=15,r=8,p=1$"))
        #expect(PasswordHash.verify(password: "s3cret", against: encoded))
    }

    @Test("a hash string written from scrypt parameters verifies, with or without base64 padding")
    func externalHashVerifies() throws {
        let salt = Array("NaCl and pepper".utf8)
        let derived = try Scrypt.derive(password: "password".utf8, salt: salt, n: 1024, r: 8, p: 16, length: 32)
        let parameters = "$scrypt$ln=10,r=8,p=16$"
        let padded = parameters + "\(salt.base64)$\(derived.base64)"
        let unpadded =
            parameters + [salt.base64, derived.base64].joined(separator: "$").replacingOccurrences(of: "=", with: "")
        #expect(padded != unpadded)
        #expect(PasswordHash.verify(password: "password", against: padded))
        #expect(PasswordHash.verify(password: "password", against: unpadded))
    }

    @Test(
        "malformed or too costly hash strings never verify",
        arguments: [
            "", "$scrypt$", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$scrypt$ln=4,r=8$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
            "$scrypt$ln=30,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
            "$scrypt$ln=4,r=8,p=1$not*base64$aGFzaGhhc2hoYXNoaGFzaA",
        ]
    )
    func malformedStrings(encoded: String) {
        #expect(!PasswordHash.verify(password: "password", against: encoded))
    }

    @Test("an out-of-range cost is refused when hashing")
    func badCost() {
        #expect(throws: (any Error).self) { try PasswordHash.make(password: "x", cost: .init(logN: 25, r: 8, p: 1)) }
    }
}
