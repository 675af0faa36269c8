import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardHTTP
import PHIGuardIdentity
import PHIGuardServer

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A PHIGuard instance in a fresh temporary data directory, served on a loopback port chosen by the kernel.
final class TestInstance {
    let directory: URL
    let application: Application
    let server: HTTPServer
    let logs = MemoryLogSink()
    let base: URL

    init(flags: [String: String] = [:]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("phiguard-\(Identifier.random())")
        var all = ["--data": directory.path + "/data", "--port": "0", "--log-level": "trace"]
        all.merge(flags) { $1 }
        let settings = try Settings.load(flags: all, environment: [:])
        let logger = Logger(label: "test", level: .trace, sink: logs)
        application = try Application(settings: settings, logger: logger, passwordCost: .testing)
        server = try application.makeServer()
        try server.start()
        base = URL(string: "http://127.0.0.1:\(server.port ?? 0)")!
    }

    /// Creates an API token directly, as `phiguard token create` would.
    func token(_ scopes: [Scope]) throws -> String {
        try application.context.tokens.create(
            name: "test", scopes: scopes, expiresAt: Date().addingTimeInterval(3600), createdBy: "test"
        ).secret
    }

    /// Sends a request and waits for the answer (bounded by a 10 s timeout).
    func send(
        _ method: String, _ path: String, body: [UInt8]? = nil, headers: [String: String] = [:]
    ) async throws -> (status: Int, headers: [String: String], body: [UInt8]) {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!)
        request.httpMethod = method
        request.timeoutInterval = 10
        request.httpBody = body.map { Data($0) }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            fields[String(describing: name).lowercased()] = String(describing: value)
        }
        return (http.statusCode, fields, Array(data))
    }

    /// Decodes a JSON object answer.
    static func object(_ body: [UInt8]) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] ?? [:]
    }

    deinit {
        server.shutdown(drainTimeout: .seconds(2))
        application.close()
        try? FileManager.default.removeItem(at: directory)
    }
}
