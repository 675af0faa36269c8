import Foundation
import PHIGuardCore

/// Recently verified token rows, so a busy machine client costs one hash and a dictionary lookup per request
/// instead of a store read.
///
/// An entry lives `lifetime` seconds. Revoking through the same process drops the entry at once; another node
/// of a cluster sees a revocation within `lifetime`. The cached value is the stored row (secret hash included),
/// so the secret is still checked in constant time on every request.
final class TokenCache: Sendable {
    struct Entry {
        let token: APIToken
        let secretHash: [UInt8]
        let fetchedAt: Date
    }

    private let entries = ReadWriteLock<[String: Entry]>([:])
    private let lifetime: TimeInterval
    private let capacity: Int

    init(lifetime: TimeInterval, capacity: Int = 4096) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The entry for a token id when it is fresh at `now`.
    func entry(id: String, now: Date) -> Entry? {
        entries.read { table in
            guard let entry = table[id], now.timeIntervalSince(entry.fetchedAt) < lifetime else { return nil }
            return entry
        }
    }

    func store(_ entry: Entry) {
        entries.write { table in
            // Bounded memory: a flood of distinct unknown ids never reaches here (only stored rows are cached),
            // but a very large token table could; start over rather than grow without limit.
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[entry.token.id] = entry
        }
    }

    func remove(id: String) {
        _ = entries.write { $0.removeValue(forKey: id) }
    }
}
