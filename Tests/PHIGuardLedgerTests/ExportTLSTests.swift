import Foundation
import PHIGuardCore
import PHIGuardLedger
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Syslog over TLS (RFC 5425) to `openssl s_server` on loopback, with a self-signed certificate made per test.
@Suite("Syslog over TLS")
struct ExportTLSTests {
    /// Runs `openssl` with `arguments` and waits at most `timeout` seconds.
    static func openssl(_ arguments: [String], in directory: URL, timeout: Double = 20) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl \(arguments.first ?? "") failed")
    }

    /// A self-signed certificate for localhost and 127.0.0.1, as `<name>.pem` and `<name>.key`.
    static func certificate(_ name: String, in directory: URL) throws {
        try openssl(
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "\(name).key", "-out", "\(name).pem", "-days", "1", "-subj", "/CN=localhost", "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ], in: directory)
    }

    /// A TLS server that prints what it receives to `received.txt`; its stdin stays open, else it quits.
    final class Server {
        let process = Process()
        let input = Pipe()
        let output: URL
        let port: Int

        init(directory: URL) throws {
            port = try LoopbackListener().port
            output = directory.appendingPathComponent("received.txt")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = [
                "s_server", "-accept", "127.0.0.1:\(port)", "-cert", "server.pem", "-key", "server.key",
                "-naccept", "1", "-quiet",
            ]
            process.currentDirectoryURL = directory
            process.standardInput = input
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        deinit {
            if process.isRunning { process.terminate() }
            try? input.fileHandleForWriting.close()
        }

        /// What the server printed, once it holds `count` frames or `timeout` seconds passed.
        func received(frames count: Int, timeout: Double) throws -> [String] {
            let deadline = Date().addingTimeInterval(timeout)
            var frames: [String] = []
            repeat {
                let bytes = Array((try? Data(contentsOf: output)) ?? Data())
                frames = (try? ExportForwarderTests.frames(bytes)) ?? []
                if frames.count >= count { break }
                usleep(20_000)
            } while Date() < deadline
            return frames
        }
    }

    /// Runs the forwarder until the server listens (it starts asynchronously), for at most 10 seconds.
    static func deliver(_ forwarder: Forwarder) throws -> Int {
        let deadline = Date().addingTimeInterval(10)
        while true {
            do {
                return try forwarder.runOnce()
            } catch let error as PHIGuardError where error.code == .io && Date() < deadline {
                usleep(50_000)
            }
        }
    }

    @Test("Framed messages reach a TLS receiver that presents a trusted certificate")
    func delivers() throws {
        let directory = try ExportFixtures.directory()
        try Self.certificate("server", in: directory)
        let server = try Server(directory: directory)
        let source = MemoryEntrySource(Array(try ExportFixtures.allKinds().prefix(3)))
        let caFile = directory.appendingPathComponent("server.pem").path
        let forwarder = Forwarder(
            configuration: .init(
                name: "tls", kind: .syslogTLS(host: "127.0.0.1", port: server.port, caFile: caFile), networkTimeout: 5),
            source: source, store: try ExportFixtures.store())
        #expect(try Self.deliver(forwarder) == 3)
        forwarder.stop()
        let frames = try server.received(frames: 3, timeout: 5)
        #expect(frames.count == 3)
        #expect(frames.allSatisfy { $0.hasPrefix("<165>1 ") || $0.hasPrefix("<164>1 ") })
    }

    @Test("A receiver whose certificate is not trusted gets nothing and the cursor stays")
    func refusesUntrusted() throws {
        let directory = try ExportFixtures.directory()
        try Self.certificate("server", in: directory)
        try Self.certificate("other", in: directory)
        let server = try Server(directory: directory)
        let store = try ExportFixtures.store()
        let forwarder = Forwarder(
            configuration: .init(
                name: "tls",
                kind: .syslogTLS(
                    host: "127.0.0.1", port: server.port, caFile: directory.appendingPathComponent("other.pem").path),
                networkTimeout: 5),
            source: MemoryEntrySource(try ExportFixtures.allKinds()), store: store)
        let error = try #require(throws: PHIGuardError.self, performing: { try Self.deliver(forwarder) })
        #expect(error.code == .crypto)
        #expect(try forwarder.status().cursor == 0)
        #expect(try forwarder.status().lastError == "crypto.failure: the server certificate did not verify")
        #expect(try server.received(frames: 1, timeout: 0.2).isEmpty)
    }
}
