/// The entities a request is evaluated against, with each entity's transitive ancestors precomputed.
///
/// A store can sit on a shared, immutable layer (`init(_:adding:)`): a policy version's action entities are
/// built once and every request's store only holds and computes what the request adds.
public struct Entities: Sendable {
    private var store: [EntityUID: Entity]
    private var ancestorsByEntity: [EntityUID: Set<EntityUID>]
    /// Entities shared with other stores, consulted after `store`; none of them is in `store`.
    private var shared: Layer?

    /// An immutable store with its ancestor sets, shared between stores.
    private final class Layer: Sendable {
        let store: [EntityUID: Entity]
        let ancestors: [EntityUID: Set<EntityUID>]

        init(store: [EntityUID: Entity], ancestors: [EntityUID: Set<EntityUID>]) {
            self.store = store
            self.ancestors = ancestors
        }
    }

    /// Creates a store from entities; a later entity with the same identifier replaces an earlier one.
    public init(_ entities: [Entity] = []) {
        var store: [EntityUID: Entity] = [:]
        for entity in entities { store[entity.uid] = entity }
        self.store = store
        self.ancestorsByEntity = Self.closure(of: store, only: store.keys, shared: nil)
        self.shared = nil
    }

    /// `base` with `entities` added, sharing `base` instead of copying it and computing ancestors only for the
    /// added entities. An entity `base` already holds is kept (for example, the schema's actions over
    /// same-named directory entities). When an added entity is a parent that `base` names, `base`'s ancestor
    /// sets would grow, so everything is merged and recomputed instead.
    public init(_ entities: [Entity], adding base: Entities) {
        let base = base.flattened
        var added: [EntityUID: Entity] = [:]
        for entity in entities where base.store[entity.uid] == nil { added[entity.uid] = entity }
        if base.store.values.contains(where: { $0.parents.contains { added[$0] != nil } }) {
            self.init(Array(base.store.values) + Array(added.values))
            return
        }
        let layer = Layer(store: base.store, ancestors: base.ancestorsByEntity)
        self.init(store: added, ancestors: Self.closure(of: added, only: added.keys, shared: layer), shared: layer)
    }

    private init(store: [EntityUID: Entity], ancestors: [EntityUID: Set<EntityUID>], shared: Layer?) {
        self.store = store
        self.ancestorsByEntity = ancestors
        self.shared = shared
    }

    /// The same entities in one store with no shared layer.
    private var flattened: Entities {
        guard let shared else { return self }
        var flat = self
        flat.store.merge(shared.store) { own, _ in own }
        flat.ancestorsByEntity.merge(shared.ancestors) { own, _ in own }
        flat.shared = nil
        return flat
    }

    /// The entity with this identifier, if present.
    public subscript(uid: EntityUID) -> Entity? { store[uid] ?? shared?.store[uid] }

    /// One attribute of an entity, read in place; nil when the entity or the attribute is absent.
    func attribute(_ name: String, of uid: EntityUID) -> Value?? {
        if let index = store.index(forKey: uid) { return .some(store.values[index].attributes[name]) }
        guard let shared, let index = shared.store.index(forKey: uid) else { return nil }
        return .some(shared.store.values[index].attributes[name])
    }

    /// An entity's attributes, read in place; nil when the entity is absent.
    func attributes(of uid: EntityUID) -> [String: Value]? {
        if let index = store.index(forKey: uid) { return store.values[index].attributes }
        guard let shared, let index = shared.store.index(forKey: uid) else { return nil }
        return shared.store.values[index].attributes
    }

    /// Every entity, in no particular order.
    public var all: [Entity] { Array(store.values) + (shared.map { Array($0.store.values) } ?? []) }

    /// Whether `descendant` is `ancestor` or transitively in it.
    public func isDescendant(_ descendant: EntityUID, of ancestor: EntityUID) -> Bool {
        descendant == ancestor || ancestors(ofStored: descendant)?.contains(ancestor) == true
    }

    /// The transitive ancestors of an entity, excluding itself.
    public func ancestors(of uid: EntityUID) -> Set<EntityUID> { ancestors(ofStored: uid) ?? [] }

    private func ancestors(ofStored uid: EntityUID) -> Set<EntityUID>? {
        ancestorsByEntity[uid] ?? shared?.ancestors[uid]
    }

    /// Adds entities that are not already present, then recomputes ancestors.
    mutating func addMissing(_ entities: [Entity]) {
        self = flattened
        for entity in entities where store[entity.uid] == nil { store[entity.uid] = entity }
        ancestorsByEntity = Self.closure(of: store, only: store.keys, shared: nil)
    }

    /// Walks parents depth-first, memoizing, so each entity's ancestor set is computed once. Entities of the
    /// shared layer already have theirs (exact, since nothing in `store` is a parent they name).
    private static func closure(
        of store: [EntityUID: Entity], only uids: some Sequence<EntityUID>, shared: Layer?
    ) -> [EntityUID: Set<EntityUID>] {
        var result: [EntityUID: Set<EntityUID>] = [:]
        var inProgress: Set<EntityUID> = []
        func visit(_ uid: EntityUID) -> Set<EntityUID> {
            if let known = result[uid] { return known }
            guard let entity = store[uid] else { return shared?.ancestors[uid] ?? [] }
            guard inProgress.insert(uid).inserted else { return [] }
            var ancestors: Set<EntityUID> = []
            for parent in entity.parents {
                ancestors.insert(parent)
                ancestors.formUnion(visit(parent))
            }
            inProgress.remove(uid)
            result[uid] = ancestors
            return ancestors
        }
        for uid in uids { _ = visit(uid) }
        return result
    }
}
