import Foundation
import PHIGuardCore
import PHIGuardServer
import PHIGuardStore
import Testing

@Suite("First start")
struct BootstrapTests {
    @Test("creates a private data directory, a 0600 key file and a one-time administrator password")
    func firstStartCreatesTheInstance() throws {
        let instance = try TestInstance()
        let data = instance.directory.path + "/data"
        let manager = FileManager.default
        let directoryMode = try #require(manager.attributesOfItem(atPath: data)[.posixPermissions] as? Int)
        #expect(directoryMode & 0o777 == 0o700)
        let keyMode = try #require(manager.attributesOfItem(atPath: data + "/kek.key")[.posixPermissions] as? Int)
        #expect(keyMode & 0o777 == 0o600)

        let password = try #require(instance.application.bootstrapPassword)
        #expect(password.count == 20)
        let stored = try instance.application.context.store.read {
            try $0.first("SELECT password_hash, must_change_password FROM users WHERE username = 'admin'")
        }
        let row = try #require(stored)
        let hash = try row.string("password_hash")
        #expect(hash.hasPrefix("$scrypt$"))
        #expect(!hash.contains(password))
        #expect(try row.int("must_change_password") == 1)
        #expect(!instance.logs.text.contains(password))
    }

    @Test("a second start keeps the instance and prints no new password")
    func secondStartReusesTheInstance() throws {
        let first = try TestInstance()
        let id = first.application.context.instance.id
        let settings = try Settings.load(
            flags: ["--data": first.directory.path + "/data", "--port": "0"], environment: [:])
        let again = try Application(settings: settings, logger: .disabled, passwordCost: .testing)
        defer { again.close() }
        #expect(again.bootstrapPassword == nil)
        #expect(again.context.instance.id == id)
        #expect(again.context.instance.signingKey.publicKey == first.application.context.instance.signingKey.publicKey)
    }

    @Test("identifying fields are stored encrypted")
    func displayNamesAreEncrypted() throws {
        let instance = try TestInstance()
        let users = instance.application.context.users
        try users.create(
            username: "pat.officer", displayName: "Patricia Privacyofficer", role: .privacyOfficer,
            password: "a long enough password", mustChangePassword: false)
        let raw = try instance.application.context.store.read {
            try $0.first("SELECT display_name FROM users WHERE username = 'pat.officer'")
        }
        let sealed = try #require(raw).bytes("display_name")
        #expect(!String(decoding: sealed, as: UTF8.self).contains("Privacyofficer"))
        #expect(try users.all().first { $0.username == "pat.officer" }?.displayName == "Patricia Privacyofficer")
    }
}
