import Foundation
import PHIGuardCore

/// Chooses and opens the store backend from the configured URL.
public enum StoreFactory {
    /// The database file name inside the data directory when SQLite is used.
    public static let sqliteFileName = "phiguard.sqlite3"

    /// Opens the store a URL names.
    ///
    /// - Parameters:
    ///   - url: nil or `sqlite:` for `phiguard.sqlite3` in `dataDirectory`; `sqlite:<path>` (or `sqlite://<path>`)
    ///     for another file; a `postgres://` or `postgresql://` URL (libpq syntax) for a PostgreSQL database.
    ///   - dataDirectory: The server's data directory, holding the SQLite file.
    ///   - logger: Passed to the backend.
    ///   - observer: Told the duration of every `read` and `write` block.
    /// - Throws: `config.invalid` for any other URL scheme; the backend's errors when it cannot open.
    public static func open(
        url: String?,
        dataDirectory: String,
        logger: Logger,
        observer: StoreObserver? = nil
    ) throws -> any Store {
        guard let url, !url.hasPrefix("sqlite:") else {
            let path = sqlitePath(url, dataDirectory: dataDirectory)
            return try SQLiteStore(path: path, logger: logger, observer: observer)
        }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            // The URL itself may hold a password, so the reason names only what is accepted.
            throw PHIGuardError(.configuration, "store URL must start with sqlite:, postgres:// or postgresql://")
        }
        return try PostgresStore(url: url, logger: logger, observer: observer)
    }

    /// The database file a `sqlite:` URL (or none) names.
    static func sqlitePath(_ url: String?, dataDirectory: String) -> String {
        var path = Substring(url ?? "").dropFirst("sqlite:".count)
        if path.hasPrefix("//") { path = path.dropFirst(2) }
        guard path.isEmpty else { return String(path) }
        return URL(fileURLWithPath: dataDirectory).appendingPathComponent(sqliteFileName).path
    }
}
