import Foundation
import PHIGuardCore
import PHIGuardCrypto
import Synchronization
import Testing

@Suite("Keyring and envelope encryption")
struct KeyringTests {
    let kek = KeyEncryptionKey.generate()

    func makeKeyring() throws -> Keyring {
        try Keyring(kek: kek, wrappedKeys: [try Keyring.generateKey(kek: kek)])
    }

    @Test("a value round-trips and the envelope starts with format, key id and version")
    func roundTrip() throws {
        let keyring = try makeKeyring()
        let envelope = try keyring.encryptString("Jane Q. Patient", context: "users.display_name")
        #expect(try keyring.decryptString(envelope, context: "users.display_name") == "Jane Q. Patient")
        #expect(Array(envelope.prefix(11)) == [1, 5] + Array("dek-1".utf8) + [0, 0, 0, 1])
        #expect(envelope.count == 2 + 5 + 4 + 12 + "Jane Q. Patient".utf8.count + 16)
        #expect(try Keyring.keyVersion(of: envelope) == 1)
        #expect(try keyring.encryptString("Jane Q. Patient", context: "users.display_name") != envelope)
        #expect(try keyring.decrypt(try keyring.encrypt([UInt8](), context: "c"), context: "c").isEmpty)
    }

    @Test("a ciphertext moved to another context fails to decrypt")
    func wrongContext() throws {
        let keyring = try makeKeyring()
        let envelope = try keyring.encryptString("1970-01-01", context: "patients.birth_date")
        #expect(throws: PHIGuardError(.crypto, "")) { try keyring.decrypt(envelope, context: "patients.zip") }
    }

    @Test(
        "a tampered header, body or tag fails to decrypt",
        arguments: [0, 1, 3, 9, 12, 20, 30, -1]
    )
    func tampering(offset: Int) throws {
        let keyring = try makeKeyring()
        var envelope = try keyring.encryptString("555-0100", context: "patients.phone")
        envelope[offset >= 0 ? offset : envelope.count - 1] ^= 0x01
        #expect(throws: PHIGuardError(.crypto, "")) { try keyring.decrypt(envelope, context: "patients.phone") }
    }

    @Test("an opener decrypts what decrypt does, across key versions, and refuses what decrypt refuses")
    func opener() throws {
        var keyring = try makeKeyring()
        let context = Array("ledger_entries.sealed_entry".utf8)
        var envelopes = try (0..<4).map {
            try keyring.encrypt(Array("entry \($0) ".utf8) + [0, 255], context: context)
        }
        _ = try keyring.rotate()
        envelopes += try [[], Array(repeating: 7, count: 5_000)].map { try keyring.encrypt($0, context: context) }
        let opener = Keyring.Opener(keyring)
        var plaintext = Array("left over from an earlier entry".utf8)
        for envelope in envelopes + envelopes.reversed() {
            try envelope.withUnsafeBytes { try opener.decrypt($0, context: context, into: &plaintext) }
            #expect(plaintext == (try keyring.decrypt(envelope, context: context)))
        }

        var refused = envelopes[1]
        for offset in [0, 1, 3, 9, 20, refused.count - 1] {
            refused[offset] ^= 0x01
            defer { refused[offset] ^= 0x01 }
            #expect(throws: PHIGuardError(.crypto, "")) {
                try refused.withUnsafeBytes { try opener.decrypt($0, context: context, into: &plaintext) }
            }
            #expect(plaintext.isEmpty, "nothing unauthenticated is left behind")
        }
        #expect(throws: PHIGuardError(.crypto, "")) {
            try envelopes[1].withUnsafeBytes { try opener.decrypt($0, context: context + [0], into: &plaintext) }
        }
        for length in [0, 1, 2, 20, envelopes[1].count - 1] {
            #expect(throws: PHIGuardError(.crypto, "")) {
                try Array(envelopes[1].prefix(length)).withUnsafeBytes {
                    try opener.decrypt($0, context: context, into: &plaintext)
                }
            }
        }
        let onlyFirst = Keyring.Opener(try Keyring(kek: kek, wrappedKeys: [keyring.wrappedKeys[0]]))
        #expect(throws: PHIGuardError(.crypto, "")) {
            try envelopes[5].withUnsafeBytes { try onlyFirst.decrypt($0, context: context, into: &plaintext) }
        }
        try envelopes[1].withUnsafeBytes { try opener.decrypt($0, context: context, into: &plaintext) }
        #expect(plaintext == Array("entry 1 ".utf8) + [0, 255], "a refusal does not spoil the prepared cipher")
    }

    @Test("truncated envelopes are refused without a crash")
    func truncation() throws {
        let keyring = try makeKeyring()
        let envelope = try keyring.encryptString("x", context: "c")
        for length in [0, 1, 2, 10, 20, envelope.count - 1] {
            #expect(throws: PHIGuardError(.crypto, "")) { try keyring.decrypt(envelope.prefix(length), context: "c") }
        }
    }

    @Test("after rotation the new version encrypts and old envelopes still decrypt")
    func rotation() throws {
        var keyring = try makeKeyring()
        let old = try keyring.encryptString("before", context: "notes.body")
        let added = try keyring.rotate()
        #expect(added.id == "dek-2")
        #expect(added.version == 2)
        #expect(keyring.activeVersion == 2)
        #expect(keyring.wrappedKeys.map(\.version) == [1, 2])

        let new = try keyring.encryptString("after", context: "notes.body")
        #expect(try Keyring.keyVersion(of: new) == 2)
        #expect(try keyring.decryptString(old, context: "notes.body") == "before")

        let reopened = try Keyring(kek: kek, wrappedKeys: keyring.wrappedKeys.reversed())
        #expect(reopened.activeKeyID == "dek-2")
        #expect(try reopened.decryptString(old, context: "notes.body") == "before")
        #expect(try reopened.decryptString(new, context: "notes.body") == "after")

        let onlyFirst = try Keyring(kek: kek, wrappedKeys: [keyring.wrappedKeys[0]])
        #expect(throws: PHIGuardError(.crypto, "")) { try onlyFirst.decrypt(new, context: "notes.body") }
    }

    @Test("wrapped keys survive JSON and refuse another KEK or a changed version")
    func wrappedKeys() throws {
        let wrapped = try Keyring.generateKey(kek: kek, version: 3, createdAt: Date(timeIntervalSince1970: 0))
        #expect(wrapped.kekID == kek.id)
        #expect(wrapped.kekID.count == 8)
        let json = try JSONEncoder().encode(wrapped)
        let decoded = try JSONDecoder().decode(WrappedKey.self, from: json)
        #expect(decoded == wrapped)
        #expect(
            String(decoding: json, as: UTF8.self).contains(
                wrapped.ciphertext.base64.replacingOccurrences(of: "/", with: "\\/")))

        #expect(throws: PHIGuardError(.crypto, "")) {
            try Keyring(kek: KeyEncryptionKey.generate(), wrappedKeys: [wrapped])
        }
        var relabelled = wrapped
        relabelled.version = 4
        #expect(throws: PHIGuardError(.crypto, "")) { try Keyring(kek: kek, wrappedKeys: [relabelled]) }
        #expect(throws: PHIGuardError(.crypto, "")) { try Keyring(kek: kek, wrappedKeys: []) }
        #expect(throws: PHIGuardError(.crypto, "")) { try Keyring(kek: kek, wrappedKeys: [wrapped, wrapped]) }
    }

    @Test("blind indexes match for equal values in one context only and survive rotation")
    func blindIndex() throws {
        var keyring = try makeKeyring()
        let index = keyring.blindIndex("123-45-6789", context: "patients.ssn")
        #expect(index.count == 32)
        #expect(keyring.blindIndex("123-45-6789", context: "patients.mrn") != index)
        #expect(keyring.blindIndex("123-45-6780", context: "patients.ssn") != index)
        _ = try keyring.rotate()
        #expect(keyring.blindIndex("123-45-6789", context: "patients.ssn") == index)

        let otherKEK = KeyEncryptionKey.generate()
        let other = try Keyring(kek: otherKEK, wrappedKeys: [try Keyring.generateKey(kek: otherKEK)])
        #expect(other.blindIndex("123-45-6789", context: "patients.ssn") != index)
    }

    @Test("an indexer of its own per thread gives the keyring's blind indexes")
    func blindIndexer() throws {
        let keyring = try makeKeyring()
        let values = (0..<200).map { Array("value \($0)".utf8) }
        let expected = values.map { keyring.blindIndex($0, context: "ledger_entries.row_mac") }
        let agreed = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let indexer = Keyring.BlindIndexer(keyring)
            let same = zip(values, expected).filter { indexer.index($0, context: "ledger_entries.row_mac") == $1 }
            agreed.withLock { $0 += same.count }
        }
        #expect(agreed.withLock { $0 } == 4 * values.count)
        #expect(Keyring.BlindIndexer(keyring).index(values[0], context: "other") != expected[0])
    }
}

@Suite("Key-encryption key")
struct KeyEncryptionKeyTests {
    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-kek-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test("a new key file is created with mode 0600 and read back as the same key")
    func createAndReload() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("kek").path
        let sink = MemoryLogSink()

        let created = try KeyEncryptionKey.loadOrCreate(fileAt: path, logger: Logger(label: "t", sink: sink))
        #expect(try mode(of: path) == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try [UInt8](base64: text).count == 32)
        #expect(sink.text.contains(created.id))
        #expect(!sink.text.contains(text.trimmingCharacters(in: .whitespacesAndNewlines)))

        let reloaded = try KeyEncryptionKey.loadOrCreate(fileAt: path)
        #expect(reloaded.id == created.id)
        #expect(try KeyEncryptionKey.load(fileAt: path).id == created.id)
        #expect(try KeyEncryptionKey(base64: text).id == created.id)
    }

    @Test("a key file readable by group or others is refused with its path and mode", arguments: [0o640, 0o604, 0o660])
    func looseModeRefused(mode: Int) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("kek").path
        _ = try KeyEncryptionKey.loadOrCreate(fileAt: path)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)

        let error = try #require(throws: PHIGuardError.self) { try KeyEncryptionKey.loadOrCreate(fileAt: path) }
        #expect(error.code == .configuration)
        #expect(error.reason.contains(path))
        #expect(error.reason.contains("0" + String(mode, radix: 8)))
    }

    @Test("a missing file or a file without a key is refused")
    func badFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("absent").path
        #expect(throws: PHIGuardError(.configuration, "")) { try KeyEncryptionKey.load(fileAt: missing) }

        let garbage = directory.appendingPathComponent("garbage").path
        #expect(FileManager.default.createFile(atPath: garbage, contents: Data("not a key".utf8)))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: garbage)
        #expect(throws: PHIGuardError(.configuration, "")) { try KeyEncryptionKey.load(fileAt: garbage) }
    }

    @Test("the environment variable is read as base64 and the id never reveals the key")
    func environment() throws {
        let bytes = [UInt8](repeating: 7, count: 32)
        let key = try #require(try KeyEncryptionKey.fromEnvironment(["PHIGUARD_KEK": bytes.base64 + "\n"]))
        #expect(key.id == String(SHA256.hash(bytes).hex.prefix(8)))
        #expect(String(describing: key) == "KeyEncryptionKey(id: \(key.id))")
        #expect(try KeyEncryptionKey.fromEnvironment([:]) == nil)
        #expect(throws: PHIGuardError(.configuration, "")) {
            try KeyEncryptionKey.fromEnvironment(["PHIGUARD_KEK": [UInt8](repeating: 7, count: 16).base64])
        }
    }
}
