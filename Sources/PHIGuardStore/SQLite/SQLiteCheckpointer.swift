internal import CSQLite
import Foundation
import PHIGuardCore

/// Copies committed WAL pages into the database file on its own thread and connection, so the writer never
/// stops to do it.
///
/// With SQLite's automatic checkpoint, the commit that crosses the threshold copies the whole WAL into the
/// database and syncs it before it returns: one commit in thousands takes a large part of a second, and every
/// caller waiting on it waits too. Here the writer has automatic checkpoints off, and this thread runs a
/// PASSIVE checkpoint (which never takes the writer's lock and never waits for readers) every `interval`.
/// Once a checkpoint has copied every frame, the next write starts the WAL over from its beginning, so the
/// file stays about as large as what is written between two checkpoints.
final class SQLiteCheckpointer: @unchecked Sendable {  // its connection is used by its own thread only
    private let connection: SQLiteConnection
    private let interval: TimeInterval
    private let logger: Logger
    private let stopSignal = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    init(path: String, interval: TimeInterval = 0.1, logger: Logger) throws {
        connection = try SQLiteConnection(path: path, role: .checkpointer)
        self.interval = interval
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
        while stopSignal.wait(timeout: .now() + interval) == .timedOut {
            var logFrames: Int32 = 0
            var copiedFrames: Int32 = 0
            let code = sqlite3_wal_checkpoint_v2(
                connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &copiedFrames)
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
