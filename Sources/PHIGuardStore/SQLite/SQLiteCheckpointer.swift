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
/// through `sqlite3_wal_hook`, which also turns its automatic checkpoints off), and this thread checkpoints
/// once the WAL holds `threshold` pages.
///
/// PASSIVE checkpoints copy frames without taking the writer's lock or waiting for readers, but SQLite starts
/// the WAL over only after a checkpoint has copied every frame, and under steady writes each one ends behind
/// the frames committed while it ran: left to them, the WAL grew to 5 GB in 40 seconds of decisions over
/// HTTP, and every read slowed with it. So PASSIVE rounds run until the backlog is small; then, holding the
/// store's writer connection so that no write transaction runs or starts (commits queued back to back would
/// otherwise never leave SQLite's write lock free long enough), one RESTART checkpoint copies the rest and
/// waits briefly for readers to leave the WAL; the next commit writes from the start of the file again. The file
/// keeps its length (about `threshold` pages, cut back to twice that by the writer's `journal_size_limit`), so
/// commits overwrite blocks already allocated instead of growing it, which would make each sync also write the
/// file system's metadata.
final class SQLiteCheckpointer: @unchecked Sendable {  // its connection is used by its own thread only
    /// WAL pages (frames) after the writer's last commit, as the writer reports them.
    final class WALLength: Sendable {
        let pages = Atomic(0)
    }

    private let connection: SQLiteConnection
    private let length: WALLength
    private let threshold: Int
    /// Runs its argument while holding the store's writer connection.
    private let holdingWriter: @Sendable (() -> Void) -> Void
    private let logger: Logger
    private let stopSignal = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts the thread.
    ///
    /// - Parameters:
    ///   - length: what the writer connection reports (`SQLiteConnection.reportWALLength(to:)`).
    ///   - threshold: WAL pages that start a checkpoint (4,096 pages of 16 KiB is 64 MiB).
    ///   - holdingWriter: runs its argument while holding the store's writer connection, so that no write
    ///     transaction runs meanwhile.
    init(
        path: String, length: WALLength, threshold: Int = 4096, logger: Logger,
        holdingWriter: @escaping @Sendable (() -> Void) -> Void
    ) throws {
        connection = try SQLiteConnection(path: path, role: .checkpointer)
        self.length = length
        self.threshold = threshold
        self.holdingWriter = holdingWriter
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
            let code = checkpoint()
            // The writer reports the WAL's length with its next commit; until then, wait for it.
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

    /// Frames a PASSIVE round may leave behind before the RESTART checkpoint copies them with writers held
    /// back: 256 pages of 16 KiB, a few milliseconds of copying.
    private static let smallBacklog: Int32 = 256
    /// PASSIVE rounds before the RESTART checkpoint runs whatever the backlog.
    private static let passiveRounds = 4

    /// Copies the WAL into the database and has the next commit start it over; the SQLite result of the last
    /// step.
    ///
    /// `SQLITE_BUSY` from the RESTART step means a reader stayed in the WAL past the connection's short busy
    /// timeout, or the writer connection could not be had: the frames are copied all the same, and the next
    /// turn tries again.
    private func checkpoint() -> Int32 {
        var logFrames: Int32 = 0
        var copiedFrames: Int32 = 0
        for _ in 0..<Self.passiveRounds {
            let code = sqlite3_wal_checkpoint_v2(
                connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &copiedFrames)
            guard code == SQLITE_OK else { return code }
            if logFrames - copiedFrames <= Self.smallBacklog { break }
        }
        var code = SQLITE_BUSY
        holdingWriter {
            code = sqlite3_wal_checkpoint_v2(
                connection.handle, nil, SQLITE_CHECKPOINT_RESTART, &logFrames, &copiedFrames)
        }
        return code
    }
}
