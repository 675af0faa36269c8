internal import CSQLite
import PHIGuardCore

/// One SQLite database handle with its cache of prepared statements.
///
/// Opened in multi-thread mode (`SQLITE_OPEN_NOMUTEX`): SQLite does no locking of its own, the store's pools
/// make sure one thread at a time uses a handle.
final class SQLiteConnection: @unchecked Sendable {  // a pool lends it to one thread at a time
    /// Statements kept prepared; past this many the cache is emptied rather than tracked for recency.
    private static let cacheLimit = 128
    /// The page size of every database the writer creates, in bytes.
    static let pageSize = 16_384

    let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    private var closed = false

    /// What a connection is for; each gets its own settings.
    enum Role {
        /// The one connection that writes: creates the file, switches it to WAL, syncs every commit.
        case writer
        /// A pooled reader that refuses writes (`PRAGMA query_only`).
        case reader
        /// The connection `SQLiteCheckpointer` copies WAL pages into the database with.
        case checkpointer
    }

    /// Opens (creating if missing) the database at `path` and applies the settings its role needs.
    init(path: String, role: Role) throws {
        var pointer: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &pointer, flags, nil)
        guard let pointer else {
            throw PHIGuardError(.storeUnavailable, "SQLite could not allocate a connection (code \(code))")
        }
        guard code == SQLITE_OK else {
            let error = SQLiteError(
                code: sqlite3_extended_errcode(pointer), message: String(cString: sqlite3_errmsg(pointer)))
            sqlite3_close_v2(pointer)
            throw error.asPHIGuardError()
        }
        handle = pointer
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, 5000)
        do {
            try configure(role)
        } catch {
            sqlite3_close_v2(handle)
            throw error
        }
    }

    deinit { close() }

    private func configure(_ role: Role) throws {
        // WAL lets readers work while the writer commits; FULL syncs the WAL on every commit, which is the
        // durability `Store.write` promises (and syncs the database file after each checkpoint).
        try runScript("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
        switch role {
        case .reader:
            // Readers map the file instead of copying pages through read(2): point lookups on a large ledger
            // (proofs read dozens of rows scattered over gigabytes) then cost page faults at most once per page.
            try runScript("PRAGMA query_only = ON; PRAGMA mmap_size = 17179869184; PRAGMA cache_size = -65536;")
        case .writer:
            try runScript("PRAGMA page_size = \(Self.pageSize);")
            let mode = try query("PRAGMA journal_mode = WAL").first?["journal_mode"].text
            guard mode == "wal" else {
                throw PHIGuardError(.storeUnavailable, "SQLite could not switch the database to WAL mode")
            }
            // The writer keeps the index pages it updates in memory (64 MiB) and reads the file through a map,
            // instead of re-reading evicted pages with pread(2) on every commit. It never checkpoints: the
            // store's `SQLiteCheckpointer` does, on its own thread.
            try runScript(
                "PRAGMA mmap_size = 17179869184; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 0;")
        case .checkpointer:
            try runScript("PRAGMA wal_autocheckpoint = 0;")
            // Its RESTART checkpoints hold writers back while they wait for readers to leave the WAL: give up
            // after 100 ms (and try again on the next turn) rather than let a long read stall every commit for
            // the 5 s other connections wait.
            sqlite3_busy_timeout(handle, 100)
        }
    }

    /// After each commit, stores the WAL's length in pages into `length` (`sqlite3_wal_hook`). This replaces
    /// SQLite's automatic checkpoints on this connection. `length` must outlive the connection.
    func reportWALLength(to length: SQLiteCheckpointer.WALLength) {
        sqlite3_wal_hook(
            handle,
            { context, _, _, pages in
                guard let context else { return SQLITE_OK }
                let length = Unmanaged<SQLiteCheckpointer.WALLength>.fromOpaque(context).takeUnretainedValue()
                length.pages.store(Int(pages), ordering: .relaxed)
                return SQLITE_OK
            }, Unmanaged.passUnretained(length).toOpaque())
    }

    /// The error for the handle's most recent failure.
    func lastError() -> PHIGuardError {
        SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)))
            .asPHIGuardError()
    }

    /// Runs statements without binds (pragmas, transaction control, migration scripts).
    func runScript(_ text: String) throws {
        guard sqlite3_exec(handle, text, nil, nil, nil) == SQLITE_OK else { throw lastError() }
    }

    /// Runs `body` with the cached prepared statement for `text`, preparing it on first use.
    ///
    /// The statement is reset and its binds cleared afterwards so it holds no values and no read lock.
    func withStatement<T>(_ text: String, _ body: (SQLiteStatement) throws -> T) throws -> T {
        let statement = try cachedStatement(text)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        return try body(SQLiteStatement(handle: statement, connection: self))
    }

    private func cachedStatement(_ text: String) throws -> OpaquePointer {
        if let cached = statements[text] { return cached }
        if statements.count >= Self.cacheLimit { finalizeStatements() }

        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let code = text.withCString { sql in
            sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail)
        }
        guard code == SQLITE_OK else { throw lastError() }
        guard let statement else {
            throw PHIGuardError(.internalError, "SQLite statement text is empty")
        }
        if let tail, tail.pointee != 0, !String(cString: tail).allSatisfy(\.isWhitespace) {
            sqlite3_finalize(statement)
            throw PHIGuardError(.internalError, "SQLite runs one statement per call")
        }
        statements[text] = statement
        return statement
    }

    private func finalizeStatements() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
    }
}

extension SQLiteConnection: PooledConnection {
    var isBroken: Bool { false }

    func close() {
        guard !closed else { return }
        closed = true
        finalizeStatements()
        sqlite3_close_v2(handle)
    }
}

extension SQLiteConnection: ScriptRunning {}
