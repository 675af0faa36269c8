import PHIGuardPolicy
import Synchronization

/// Decoded directory entities kept in memory, so a decision reads its dozen or so entities without a query,
/// a decryption and a parse each.
///
/// Entries are kept per policy version, because the active schema decides how attribute values are read.
/// An absent entity is remembered too (roles of an enumerated type are never stored, and every decision asks
/// for them). Neighbourhoods (an entity with everything a decision loads from it) are kept the same way, so a
/// user or record seen before costs one lookup. Writes through ``EntityDirectory`` drop the entities they touch
/// and every neighbourhood that looked at one of them. The cache lives in the one
/// server process that writes the directory; it holds PHI in memory only, never on disk, and is bounded: past
/// `capacity` entries it starts over.
final class EntityCache: Sendable {
    private struct Key: Hashable {
        var version: Int
        var uid: EntityUID
    }

    private struct NeighbourhoodKey: Hashable {
        var version: Int
        var root: EntityUID
        var reach: Int
    }

    private struct State {
        var entries: [Key: Entity?] = [:]
        var neighbourhoods: [NeighbourhoodKey: Neighbourhood] = [:]
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

    /// The cached neighbourhood of `root` within `reach` hops under a policy version, if any.
    func neighbourhood(of root: EntityUID, reach: Int, version: Int) -> Neighbourhood? {
        state.withLock { $0.neighbourhoods[NeighbourhoodKey(version: version, root: root, reach: reach)] }
    }

    /// Keeps a neighbourhood built from entities read since `generation`, unless the directory changed since.
    func store(_ neighbourhood: Neighbourhood, of root: EntityUID, reach: Int, version: Int, generation: UInt64) {
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.neighbourhoods.count >= capacity { state.neighbourhoods.removeAll(keepingCapacity: true) }
            state.neighbourhoods[NeighbourhoodKey(version: version, root: root, reach: reach)] = neighbourhood
        }
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
            state.neighbourhoods = state.neighbourhoods.filter { $0.value.looked.isDisjoint(with: changed) }
        }
    }
}

/// One root's share of a decision's entities: the root, the entities its attributes name up to a number of
/// hops, and all their ancestors, with ancestor sets computed. Shared as a layer by every decision that starts
/// from the same root.
struct Neighbourhood: Sendable {
    let layer: Entities.Layer
    /// Every identifier looked up while building it, found or not: a write to any of them makes it stale.
    let looked: Set<EntityUID>
    /// Whether a member is an action or names one as an ancestor: the schema's actions would then shadow it
    /// or change its ancestor sets, which the directory cannot see on its own.
    let touchesActions: Bool

    init(layer: Entities.Layer, looked: Set<EntityUID>) {
        self.layer = layer
        self.looked = looked
        self.touchesActions =
            looked.contains { $0.type.isAction } || layer.ancestorUIDs.contains { $0.type.isAction }
            || layer.missingParents.contains { $0.type.isAction }
    }
}
