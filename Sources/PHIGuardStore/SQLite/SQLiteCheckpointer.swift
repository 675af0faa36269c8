internal import CSQLite
import Foundation
import PHIGuardCore
import Synchronization

/// Copies committed WAL pages into the database file on its own thread and connection, so the writer never
/// stops to do it.
///
/// With SQLite's automatic checkpoint, the commit that crosses the threshold copies the whole WAL into the
/// database and syncs it before it returns: one commit in thousands takes a large part of a second, and every
/// caller waiting on it waits too. Here the writer reports the WAL's length after each commit (`WALLength`,
/// through `sqlite3_wal_hook`, which also turns its automatic checkpoints off), and this thread runs a PASSIVE
/// checkpoint (which never takes the writer's lock and never waits for readers) once the WAL holds
/// `threshold` pages. Once a checkpoint has copied every frame, the next write starts the WAL over from its
/// beginning, so the file stays about `threshold` pages long.
final class SQLiteCheckpointer: @unchecked Sendable {  // its connection is used by its own thread only
    /// WAL pages (frames) after the writer's last commit, as the writer reports them.
    final class WALLength: Sendable {
        let pages = Atomic(0)
    }

    private let connection: SQLiteConnection
    private let length: WALLength
    private let threshold: Int
    private let logger: Logger
    private let stopSignal = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts the thread.
    ///
    /// - Parameters:
    ///   - length: what the writer connection reports (`SQLiteConnection.reportWALLength(to:)`).
    ///   - threshold: WAL pages that start a checkpoint (4,096 pages of 16 KiB is 64 MiB).
    init(path: String, length: WALLength, threshold: Int = 4096, logger: Logger) throws {
        connection = try SQLiteConnection(path: path, role: .checkpointer)
        self.length = length
        self.threshold = threshold
        self.logger = logger
        let thread = Thread { [self] in run() }
        thread.name = "sqlite-checkpoint"
        thread.start()
    }

    /// Stops the thread after its current checkpoint and closes the connection; waits for both.
    func stop() {
        stopSignal.signal()
        stopped.wait()
    }

    private func run() {
        var failureLogged = false
        while stopSignal.wait(timeout: .now() + 0.05) == .timedOut {
            guard length.pages.load(ordering: .relaxed) >= threshold else { continue }
            var logFrames: Int32 = 0
            var copiedFrames: Int32 = 0
            let code = sqlite3_wal_checkpoint_v2(
                connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &copiedFrames)
            // The writer reports the restarted WAL's length with its next commit; until then, wait for it.
            length.pages.store(0, ordering: .relaxed)
            // SQLITE_BUSY means another checkpoint is running; anything else is worth one log line.
            if code != SQLITE_OK, code != SQLITE_BUSY, !failureLogged {
                logger.warning("SQLite checkpoint failed", [.errorCode: .string(String(code))])
                failureLogged = true
            }
        }
        connection.close()
        stopped.signal()
    }
}
