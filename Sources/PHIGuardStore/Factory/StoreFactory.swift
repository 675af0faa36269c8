import Foundation
import PHIGuardCore

/// Chooses and opens the store backend from the configured URL.
public enum StoreFactory {
    /// The database file name inside the data directory when SQLite is used.
    public static let sqliteFileName = "phiguard.sqlite3"

    /// Opens the store a URL names.
    ///
    /// - Parameters:
    ///   - url: nil or a `sqlite:` URL for the embedded store in `dataDirectory`; a `postgres://` or
    ///     `postgresql://` URL (libpq syntax) for a PostgreSQL database.
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
            let path = URL(fileURLWithPath: dataDirectory).appendingPathComponent(sqliteFileName).path
            return try SQLiteStore(path: path, logger: logger, observer: observer)
        }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            // The URL itself may hold a password, so the reason names only what is accepted.
            throw PHIGuardError(.configuration, "store URL must start with sqlite:, postgres:// or postgresql://")
        }
        return try PostgresStore(url: url, logger: logger, observer: observer)
    }
}
