import Foundation
import PHIGuardCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Test support: a throwaway PostgreSQL server on 127.0.0.1, in its own temporary directory.
///
/// It runs the Debian server binaries from `/usr/lib/postgresql/<version>/bin`. `initdb` refuses to run as
/// root, so when the tests run as root the directory is handed to the `postgres` user and every server
/// command runs through `runuser`. Not for production use: authentication is `trust` on loopback only.
public final class PostgresTestServer: Sendable {
    /// Seconds any single server command (initdb, start, stop) may take.
    private static let commandTimeout = 60.0

    /// A URL for the `postgres` maintenance database; use `createDatabase()` for a database to test in.
    public let url: String
    /// The TCP port the server listens on (loopback only).
    public let port: Int
    /// The temporary directory holding the cluster, its log and its socket.
    public let directory: String

    private let binDirectory: String
    private let running = Mutex(false)
    private let databaseCount = Atomic(0)

    private var dataDirectory: String { directory + "/data" }

    /// Creates a cluster in a new temporary directory and starts it.
    ///
    /// - Throws: `config.invalid` when the PostgreSQL server binaries are not installed; `io.failure` when a
    ///   server command fails or does not finish in time.
    public init() throws {
        binDirectory = try Self.findBinDirectory()
        // As root, /tmp rather than $TMPDIR: the postgres user must be able to reach the directory.
        let parent = getuid() == 0 ? "/tmp" : FileManager.default.temporaryDirectory.path
        directory = parent + "/phiguard-pg-\(UUID().uuidString)"
        port = try Self.freeLoopbackPort()
        url = "postgres://postgres@127.0.0.1:\(port)/postgres"
        do {
            try prepareDirectory()
            try runTool(
                "initdb",
                ["-D", dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"])
            try start()
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    /// Creates a new, empty database and returns its URL.
    public func createDatabase() throws -> String {
        let name = "phiguard_test_\(databaseCount.add(1, ordering: .relaxed).newValue)"
        let connection = try PostgresConnection(conninfo: url)
        defer { connection.close() }
        // The name is made here from a counter, never from input.
        try connection.runScript("CREATE DATABASE \(name)")
        return "postgres://postgres@127.0.0.1:\(port)/\(name)"
    }

    /// Starts the server on the existing cluster (after `stopServer()`), on the same port.
    public func start() throws {
        let options = "-h 127.0.0.1 -p \(port) -k \(directory) -c max_connections=200 -c fsync=on"
        try runTool(
            "pg_ctl",
            ["-D", dataDirectory, "-l", directory + "/server.log", "-o", options, "-w", "-t", "30", "start"])
        running.withLock { $0 = true }
    }

    /// Stops the server (fast shutdown: clients are disconnected) and keeps the cluster for `start()`.
    public func stopServer() throws {
        try runTool("pg_ctl", ["-D", dataDirectory, "-m", "fast", "-w", "-t", "30", "stop"])
        running.withLock { $0 = false }
    }

    /// Stops the server if it runs and removes the directory. Safe to call more than once.
    public func stop() {
        if running.withLock({ $0 }) { try? stopServer() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func prepareDirectory() throws {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard getuid() == 0 else { return }
        guard let account = getpwnam("postgres") else {
            throw PHIGuardError(.configuration, "running as root needs a postgres user to own the test cluster")
        }
        guard chown(directory, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
            throw PHIGuardError(.io, "could not hand the test cluster directory to the postgres user")
        }
    }

    /// Runs a server binary (as `postgres` when we are root) and waits for it, within a deadline.
    private func runTool(_ tool: String, _ arguments: [String]) throws {
        let executable = binDirectory + "/" + tool
        let command =
            getuid() == 0
            ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments : [executable] + arguments
        let output = directory + "/\(tool).out"
        let status = try ChildProcess.run(command, output: output, timeout: Self.commandTimeout)
        guard status == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw PHIGuardError(.io, "\(tool) failed with status \(status)", underlying: ToolOutput(text: text))
        }
    }

    private static func findBinDirectory() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let candidates = versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "\(root)/\($0)/bin" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") })
        else {
            throw PHIGuardError(
                .configuration,
                "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin; "
                    + "install the postgresql package (make test-deps)")
        }
        return found
    }

    /// Asks the kernel for a free TCP port on 127.0.0.1 by binding port 0.
    private static func freeLoopbackPort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw PHIGuardError(.io, "could not open a socket to find a free port") }
        defer { Glibc.close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(socketFD, socketAddress, length) == 0 && getsockname(socketFD, socketAddress, &length) == 0
            }
        }
        guard bound else { throw PHIGuardError(.io, "could not bind a loopback socket to find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// What a failed server command printed, kept as the `underlying` cause (it holds no PHI: a fresh cluster).
struct ToolOutput: Error, CustomDebugStringConvertible {
    var text: String
    var debugDescription: String { text }
}
