/// One step of the schema. Migrations are numbered from 1 with no gaps and never edited once released.
///
/// Each module contributes its own migrations; the server gathers them into one ordered list. A migration
/// may carry different text per dialect where the two SQL dialects differ (types, auto-increment).
public struct Migration: Sendable {
    /// The version this migration brings the schema to.
    public let version: Int
    /// A short description, recorded with the version.
    public let name: String
    /// Statements for SQLite.
    public let sqlite: [String]
    /// Statements for PostgreSQL.
    public let postgres: [String]

    /// A migration whose statements are the same on both dialects.
    public init(version: Int, name: String, statements: [String]) {
        self.init(version: version, name: name, sqlite: statements, postgres: statements)
    }

    /// A migration with statements per dialect.
    public init(version: Int, name: String, sqlite: [String], postgres: [String]) {
        self.version = version
        self.name = name
        self.sqlite = sqlite
        self.postgres = postgres
    }

    /// The statements for a dialect.
    public func statements(for dialect: SQLDialect) -> [String] {
        dialect == .sqlite ? sqlite : postgres
    }
}
