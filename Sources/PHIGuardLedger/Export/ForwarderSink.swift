import Foundation
import PHIGuardCore
import PHIGuardCrypto

#if canImport(Glibc)
    import Glibc
#endif

/// A destination that accepts a batch whole or throws; when `send` returns, the batch is durable there (or
/// handed to the peer's TCP stack, which is as far as syslog acknowledges).
protocol ForwarderSink: AnyObject {
    func send(_ entries: [LedgerEntry]) throws
    func close()
}

extension ForwarderConfiguration {
    /// A fresh sink for the configured destination.
    func makeSink() -> any ForwarderSink {
        switch kind {
        case .ocsfFile(let path):
            let product = product
            return FileLineSink(path: path) { OCSFMapper.event(from: $0, product: product) }
        case .fhirFile(let path):
            return FileLineSink(path: path) { FHIRAuditEventMapper.resource(from: $0) }
        case .syslogTCP(let host, let port):
            return SyslogStreamSink(configuration: self, host: host, port: port, caFile: nil)
        case .syslogTLS(let host, let port, let caFile):
            return SyslogStreamSink(configuration: self, host: host, port: port, caFile: caFile)
        }
    }
}

/// Appends one JSON line per entry (pruned entries have none) and fsyncs before returning.
final class FileLineSink: ForwarderSink {
    private let path: String
    private let line: (LedgerEntry) -> [UInt8]?

    init(path: String, line: @escaping (LedgerEntry) -> [UInt8]?) {
        self.path = path
        self.line = line
    }

    func send(_ entries: [LedgerEntry]) throws {
        var bytes: [UInt8] = []
        for entry in entries {
            guard let json = line(entry) else { continue }
            bytes += json
            bytes.append(0x0A)
        }
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw PHIGuardError(.io, "the export file could not be opened") }
        defer { Glibc.close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { throw PHIGuardError(.io, "writing the export file failed") }
            offset += written
        }
        guard fsync(descriptor) == 0 else { throw PHIGuardError(.io, "flushing the export file to disk failed") }
    }

    func close() {}
}

/// Sends octet-counted RFC 5424 messages over TCP, or TLS when a CA file is given; reconnects after a failure.
final class SyslogStreamSink: ForwarderSink {
    private let configuration: ForwarderConfiguration
    private let host: String
    private let port: Int
    private let caFile: String?
    private var connection: TCPConnection?
    private var tls: TLSClient?

    init(configuration: ForwarderConfiguration, host: String, port: Int, caFile: String?) {
        self.configuration = configuration
        self.host = host
        self.port = port
        self.caFile = caFile
    }

    func send(_ entries: [LedgerEntry]) throws {
        var bytes: [UInt8] = []
        for entry in entries {
            let message = Syslog5424.message(
                for: entry, hostname: configuration.hostname, appName: configuration.appName,
                facility: configuration.facility)
            bytes += Syslog5424.octetCounted(message)
        }
        do {
            try connect()
            if let tls { try tls.write(bytes) } else { try connection?.send(bytes) }
        } catch {
            close()
            throw error
        }
    }

    func close() {
        tls?.close()
        tls = nil
        connection?.close()
        connection = nil
    }

    private func connect() throws {
        guard connection == nil else { return }
        let connection = try TCPConnection(host: host, port: port, timeout: configuration.networkTimeout)
        if let caFile {
            let settings = TLSClient.Configuration(caFile: caFile, serverName: host)
            tls = try TLSClient(socket: connection.descriptor, configuration: settings)
        }
        self.connection = connection
    }
}
