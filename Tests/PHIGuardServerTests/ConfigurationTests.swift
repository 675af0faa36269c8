import Foundation
import PHIGuardCore
import PHIGuardServer
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test("flags beat the environment, which beats the file, which beats defaults")
    func layersApplyInOrder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(Identifier.random())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("config.json")
        try Data(
            #"{"port": 9000, "host": "127.0.0.2", "log": {"level": "debug"}, "session": {"idle_minutes": 20}}"#.utf8
        )
        .write(to: file)
        let settings = try Settings.load(
            flags: ["--config": file.path, "--port": "9100"],
            environment: ["PHIGUARD_PORT": "9050", "PHIGUARD_HOST": "127.0.0.3"])
        #expect(settings.port == 9100)
        #expect(settings.host == "127.0.0.3")
        #expect(settings.logLevel == .debug)
        #expect(settings.idleTimeout == 20 * 60)
        #expect(settings.maxBodyBytes == 1_048_576)
        let shown = settings.configuration.rendered()
        #expect(shown.contains("port"))
        #expect(shown.contains("(flag)"))
        #expect(shown.contains("(environment)"))
        #expect(shown.contains("(file)"))
    }

    @Test(
        "an invalid value names the key and the accepted values",
        arguments: [
            (["--port": "99999"], "port", "an integer from 0 to 65535"),
            (["--log-level": "loud"], "log.level", "one of trace, debug"),
            (["--database": "mysql://x"], "database", "postgres://"),
            (["--session-idle-minutes": "0"], "session.idle_minutes", "from 1 to 720"),
        ])
    func invalidValuesAreRejected(flags: [String: String], key: String, accepted: String) {
        do {
            _ = try Settings.load(flags: flags, environment: [:])
            Issue.record("the invalid value was accepted")
        } catch let error as PHIGuardError {
            #expect(error.code == .configuration)
            #expect(error.reason.contains(key))
            #expect(error.reason.contains(accepted))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("secrets are masked in config show and never echoed in errors")
    func secretsAreMasked() throws {
        let settings = try Settings.load(
            flags: ["--database": "postgres://phiguard:s3cret-pw@127.0.0.1/db"],
            environment: ["PHIGUARD_KEK": "c2VjcmV0LWtleS1lbmNyeXB0aW9uLWtleS1iYXNlNjQ="])
        let shown = settings.configuration.rendered()
        #expect(!shown.contains("s3cret-pw"))
        #expect(!shown.contains("c2VjcmV0"))
        #expect(shown.contains("********"))
    }

    @Test("unknown settings in the file are refused")
    func unknownFileKeysAreRefused() throws {
        #expect(throws: PHIGuardError.self) {
            _ = try Configuration(keys: Settings.keys, file: ["listen.prot": "80"])
        }
    }
}
