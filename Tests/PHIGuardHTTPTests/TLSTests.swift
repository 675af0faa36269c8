import Foundation
import PHIGuardHTTP
import Testing

@Suite("HTTPS")
struct TLSTests {
    /// The result of a command-line tool run with a deadline.
    struct Run {
        var status: Int32
        var output: String
    }

    /// Runs `arguments` with stdin closed, killing it after `timeout` seconds.
    static func run(_ arguments: [String], timeout: Double = 10) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            finished.wait()
        }
        return Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
    }

    /// A server with a fresh self-signed P-256 certificate, valid for a day.
    static func tlsServer() throws -> (TestServer, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-tls-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificate = directory.appendingPathComponent("cert.pem")
        let key = directory.appendingPathComponent("key.pem")
        let generated = try run([
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-subj", "/CN=localhost", "-days", "1", "-keyout", key.path, "-out", certificate.path,
        ])
        guard generated.status == 0 else { throw RawHTTPClient.Failure(description: generated.output) }
        let certificatePEM = try String(contentsOf: certificate, encoding: .utf8)
        let keyPEM = try String(contentsOf: key, encoding: .utf8)
        let server = try TestServer(router: HTTPServerTests.router()) {
            $0.tlsCertificatePEM = certificatePEM
            $0.tlsKeyPEM = keyPEM
        }
        return (server, directory)
    }

    @Test("TLS 1.2 and 1.3 connect with AEAD suites, TLS 1.1 is refused, and requests are answered")
    func tlsVersions() throws {
        let (server, directory) = try Self.tlsServer()
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: directory)
        }
        let target = "127.0.0.1:\(server.port)"

        let modern = try Self.run(["openssl", "s_client", "-connect", target, "-tls1_3", "-brief"])
        #expect(modern.status == 0)
        #expect(modern.output.contains("Protocol version: TLSv1.3"))

        let previous = try Self.run(["openssl", "s_client", "-connect", target, "-tls1_2", "-brief"])
        #expect(previous.status == 0)
        #expect(previous.output.contains("Protocol version: TLSv1.2"))
        #expect(previous.output.contains("GCM") || previous.output.contains("CHACHA20"))

        let weakCipher = try Self.run([
            "openssl", "s_client", "-connect", target, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA", "-brief",
        ])
        #expect(weakCipher.status != 0)

        let legacy = try Self.run([
            "openssl", "s_client", "-connect", target, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-brief",
        ])
        #expect(legacy.status != 0)

        let answer = try Self.run([
            "curl", "--silent", "--insecure", "--max-time", "5", "https://\(target)/patients/me",
        ])
        #expect(answer.output == "me")
    }

    @Test("a certificate without its key is a configuration error")
    func halfConfigurationRefused() {
        let server = HTTPServer(
            configuration: .init(port: 0, tlsCertificatePEM: "-----BEGIN CERTIFICATE-----"), router: Router(),
            logger: .disabled, metrics: .init())
        #expect(throws: (any Error).self) { try server.start() }
        #expect(server.port == nil)
    }
}
