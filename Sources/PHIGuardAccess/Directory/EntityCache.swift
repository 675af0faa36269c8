import PHIGuardPolicy
import Synchronization

/// Decoded directory entities kept in memory, so a decision reads its dozen or so entities without a query,
/// a decryption and a parse each.
///
/// Entries are kept per policy version, because the active schema decides how attribute values are read.
/// An absent entity is remembered too (roles of an enumerated type are never stored, and every decision asks
/// for them). Writes through ``EntityDirectory`` drop the entities they touch. The cache lives in the one
/// server process that writes the directory; it holds PHI in memory only, never on disk, and is bounded: past
/// `capacity` entries it starts over.
final class EntityCache: Sendable {
    private struct Key: Hashable {
        var version: Int
        var uid: EntityUID
    }

    private struct State {
        var entries: [Key: Entity?] = [:]
        /// Bumped by every invalidation, so a read that raced with a write cannot store what it read.
        var generation: UInt64 = 0
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 250_000) {
        self.capacity = capacity
    }

    /// The cached entity: `.some(nil)` when it is known to be absent, nil when not cached.
    func lookup(_ uid: EntityUID, version: Int) -> Entity?? {
        state.withLock { $0.entries[Key(version: version, uid: uid)] }
    }

    /// The current generation, to pass to ``store(_:for:version:generation:)`` after reading the store.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Keeps what was read, unless the directory changed since `generation` was taken.
    func store(_ entity: Entity?, for uid: EntityUID, version: Int, generation: UInt64) {
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[Key(version: version, uid: uid)] = .some(entity)
        }
    }

    /// Forgets these entities under every version.
    func invalidate(_ uids: some Sequence<EntityUID>) {
        let changed = Set(uids)
        state.withLock { state in
            state.generation &+= 1
            state.entries = state.entries.filter { !changed.contains($0.key.uid) }
        }
    }
}
