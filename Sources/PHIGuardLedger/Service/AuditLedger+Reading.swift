import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardStore

extension AuditLedger: LedgerEntrySource {
    public func entries(from index: Int, limit: Int) throws -> [LedgerEntry] {
        let upper = Int64(min(size, index + limit))
        return try store.read { connection in
            try connection.query(
                """
                SELECT * FROM ledger_entries
                WHERE seq >= \(Int64(index)) AND seq < \(upper) ORDER BY seq
                """
            ).map(decode)
        }
    }

    /// One entry, decrypted.
    ///
    /// - Throws: `resource.not_found` for an index not (yet) in the log.
    public func entry(at index: Int) throws -> LedgerEntry {
        guard index >= 0, index < size else { throw PHIGuardError(.notFound, "no ledger entry at this index") }
        let row = try store.read { connection in
            try connection.first("SELECT * FROM ledger_entries WHERE seq = \(Int64(index))")
        }
        guard let row else { throw PHIGuardError(.notFound, "no ledger entry at this index") }
        return try decode(row)
    }

    /// The inclusion proof of entry `index` in the tree of `treeSize` entries (RFC 9162 2.1.3.1).
    ///
    /// - Throws: `ledger.proof_invalid` unless `0 <= index < treeSize <= size`.
    public func inclusionProof(index: Int, treeSize: Int) throws -> [[UInt8]] {
        guard treeSize <= size else { throw PHIGuardError(.proofInvalid, "the tree size is larger than the log") }
        return try store.read { connection in
            try MerkleTree.inclusionProof(
                index: index, treeSize: treeSize, source: StoredMerkleHashSource(connection: connection))
        }
    }

    /// The consistency proof between two tree sizes (RFC 9162 2.1.4.1).
    ///
    /// - Throws: `ledger.proof_invalid` unless `0 < from <= to <= size`.
    public func consistencyProof(from: Int, to: Int) throws -> [[UInt8]] {
        guard to <= size else { throw PHIGuardError(.proofInvalid, "the tree size is larger than the log") }
        return try store.read { connection in
            try MerkleTree.consistencyProof(from: from, to: to, source: StoredMerkleHashSource(connection: connection))
        }
    }

    /// The root hash of the tree of `treeSize` entries.
    public func rootHash(treeSize: Int) throws -> [UInt8] {
        guard treeSize <= size else { throw PHIGuardError(.proofInvalid, "the tree size is larger than the log") }
        return try store.read {
            try MerkleTree.rootHash(treeSize: treeSize, source: StoredMerkleHashSource(connection: $0))
        }
    }

    /// Searches by user, patient, action, category, outcome and time, newest first. User and patient match
    /// through their blind indexes, so the store never holds them in clear.
    ///
    /// A search by user or patient asks one block of entries at a time, newest first, through the block-keyed
    /// indexes (`LedgerSchema.version2`), until the page is full; all blocks are read in one transaction.
    public func search(_ query: AuditQuery) throws -> AuditPage {
        let limit = max(1, min(query.limit, 1000))
        var filters: [SQL] = []
        if let user = query.userID {
            filters.append("user_index = \(keyring.blindIndex(user, context: LedgerContexts.user))")
        }
        if let patient = query.patientID {
            filters.append("patient_index = \(keyring.blindIndex(patient, context: LedgerContexts.patient))")
        }
        let byBlock = !filters.isEmpty
        if let action = query.action { filters.append("action = \(action.rawValue)") }
        if let category = query.category { filters.append("category = \(category)") }
        if let outcome = query.outcome { filters.append("outcome = \(outcome)") }
        if let from = query.from { filters.append("occurred_at >= \(Int64(from.timeIntervalSince1970 * 1000))") }
        if let to = query.to { filters.append("occurred_at < \(Int64(to.timeIntervalSince1970 * 1000))") }
        let end = min(size, query.cursor ?? size)
        filters.append("seq < \(Int64(end))")
        filters.append("sealed_entry IS NOT NULL")
        let rows = try store.read { connection in
            guard byBlock else { return try connection.query(Self.searchSQL(filters, block: nil, limit: limit + 1)) }
            var rows: [Row] = []
            var block = (end - 1) >> LedgerSchema.searchBlockShift
            while block >= 0, rows.count <= limit {
                rows += try connection.query(Self.searchSQL(filters, block: block, limit: limit + 1 - rows.count))
                block -= 1
            }
            return rows
        }
        let entries = try rows.prefix(limit).map(decode)
        return AuditPage(entries: entries, nextCursor: rows.count > limit ? entries.last?.index : nil)
    }

    private static func searchSQL(_ filters: [SQL], block: Int?, limit: Int) -> SQL {
        var sql: SQL = "SELECT * FROM ledger_entries WHERE "
        if let block { sql.append("\(raw: LedgerSchema.searchBlock) = \(Int64(block)) AND ") }
        sql.append(SQL.joined(filters, separator: " AND "))
        sql.append(" ORDER BY seq DESC LIMIT \(Int64(limit))")
        return sql
    }

    private func decode(_ row: Row) throws -> LedgerEntry {
        let index = Int(try row.int("seq"))
        let event = try row["sealed_entry"].blob.map { sealed in
            try AuditEvent(
                canonicalJSON: try keyring.decrypt(sealed, context: try LedgerRecord.sealingContext(of: row)))
        }
        return LedgerEntry(index: index, leafHash: try row.bytes("leaf_hash"), event: event)
    }
}
