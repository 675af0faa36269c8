import Foundation
import PHIGuardCore
import PHIGuardLedger
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Forwarders")
struct ExportForwarderTests {
    @Test("A file forwarder delivers every entry once and a new instance resumes at the durable cursor")
    func fileResumes() throws {
        let store = try ExportFixtures.store()
        let source = MemoryEntrySource(Array(try ExportFixtures.allKinds().prefix(5)))
        let path = try ExportFixtures.directory().appendingPathComponent("ocsf.jsonl").path
        let configuration = ForwarderConfiguration(name: "siem", kind: .ocsfFile(path: path), batchSize: 2)

        let first = Forwarder(configuration: configuration, source: source, store: store)
        #expect(try first.status().cursor == 0 && first.status().lag == 5)
        #expect(try first.runOnce() == 2)
        #expect(try first.runOnce() == 2)

        let second = Forwarder(configuration: configuration, source: source, store: store)
        #expect(try second.status().cursor == 4)
        #expect(try second.runOnce() == 1)
        #expect(try second.runOnce() == 0)
        source.append(try ExportFixtures.phiEvent(.view, id: "late"))
        #expect(try second.status().lag == 1)
        #expect(try second.runOnce() == 1)

        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let indexes = try lines.map { line in
            let object = try ExportFixtures.json(Array(line.utf8))
            return (object["unmapped"] as? [String: Any]).flatMap { $0["phiguard"] as? [String: Any] }?["ledger_index"]
                as? Int
        }
        #expect(indexes == [0, 1, 2, 3, 4, 5])
        let status = try second.status()
        #expect(status.cursor == 6 && status.lag == 0 && status.lastError == nil && status.kind == "ocsf-file")
    }

    @Test("A failed delivery keeps the cursor and records a safe error")
    func failureKeepsCursor() throws {
        let store = try ExportFixtures.store()
        let source = MemoryEntrySource(try ExportFixtures.allKinds())
        let configuration = ForwarderConfiguration(name: "broken", kind: .fhirFile(path: "/nonexistent/dir/fhir.jsonl"))
        let forwarder = Forwarder(configuration: configuration, source: source, store: store)
        #expect(throws: PHIGuardError.self) { try forwarder.runOnce() }
        let status = try forwarder.status()
        #expect(status.cursor == 0 && status.lag == source.size)
        #expect(status.lastError == "io.failure: the export file could not be opened")
    }

    @Test("The background loop catches up and stops promptly")
    func backgroundLoop() throws {
        let store = try ExportFixtures.store()
        let source = MemoryEntrySource(try ExportFixtures.allKinds())
        let path = try ExportFixtures.directory().appendingPathComponent("fhir.jsonl").path
        let forwarder = Forwarder(
            configuration: .init(name: "loop", kind: .fhirFile(path: path), batchSize: 3, pollInterval: 5),
            source: source, store: store)
        forwarder.start()
        let deadline = Date().addingTimeInterval(10)
        while try forwarder.status().lag > 0, Date() < deadline { usleep(10_000) }
        let stopping = Date()
        forwarder.stop()
        #expect(Date().timeIntervalSince(stopping) < 1)
        #expect(try forwarder.status().lag == 0)
    }

    @Test("Syslog over TCP arrives octet-counted")
    func syslogTCP() throws {
        let listener = try LoopbackListener()
        let store = try ExportFixtures.store()
        let source = MemoryEntrySource(Array(try ExportFixtures.allKinds().prefix(3)))
        let configuration = ForwarderConfiguration(
            name: "tcp", kind: .syslogTCP(host: "127.0.0.1", port: listener.port), networkTimeout: 5)
        let forwarder = Forwarder(configuration: configuration, source: source, store: store)
        #expect(try forwarder.runOnce() == 3)
        forwarder.stop()

        let frames = try Self.frames(listener.receive(timeout: 5))
        #expect(frames.count == 3)
        #expect(frames.allSatisfy { $0.hasPrefix("<165>1 ") && $0.contains("[phiguard@32473 index=") })
        #expect(frames.first?.contains(#"index="0""#) == true)
    }

    /// Splits octet-counted frames, checking each count.
    static func frames(_ bytes: [UInt8]) throws -> [String] {
        var frames: [String] = []
        var rest = bytes[...]
        while !rest.isEmpty {
            let space = try #require(rest.firstIndex(of: UInt8(ascii: " ")))
            let count = try #require(Int(String(decoding: rest[..<space], as: UTF8.self)))
            let end = space + 1 + count
            try #require(end <= rest.endIndex)
            frames.append(String(decoding: rest[(space + 1)..<end], as: UTF8.self))
            rest = rest[end...]
        }
        return frames
    }
}

/// A plain TCP listener on 127.0.0.1 with an ephemeral port that accepts one connection and reads until EOF.
final class LoopbackListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(listening, generic, length) == 0 && listen(listening, 4) == 0
                    && getsockname(listening, generic, &length) == 0
            }
        }
        descriptor = listening
        port = Int(UInt16(bigEndian: address.sin_port))
        try #require(bound)
    }

    deinit { close(descriptor) }

    /// The bytes of the first connection, up to its close or `timeout` seconds of silence.
    func receive(timeout: Double) throws -> [UInt8] {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        try #require(poll(&poller, 1, Int32(timeout * 1000)) == 1)
        let connection = accept(descriptor, nil, nil)
        try #require(connection >= 0)
        defer { close(connection) }
        var value = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[..<count]
        }
        return received
    }
}
