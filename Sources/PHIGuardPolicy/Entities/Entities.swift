/// The entities a request is evaluated against, with each entity's transitive ancestors precomputed.
///
/// A store can sit on a shared, immutable layer (`init(_:adding:)`): a policy version's action entities are
/// built once and every request's store only holds and computes what the request adds.
public struct Entities: Sendable {
    /// An entity with its transitive ancestors, kept together so one lookup finds both.
    fileprivate struct Stored: Sendable {
        var entity: Entity
        var ancestors: Set<EntityUID> = []
    }

    private var store: [EntityUID: Stored]
    /// Entities shared with other stores, consulted after `store`; none of them is in `store`.
    private var shared: Layer?

    /// An immutable store with its ancestor sets, shared between stores.
    private final class Layer: Sendable {
        let store: [EntityUID: Stored]

        init(store: [EntityUID: Stored]) {
            self.store = store
        }
    }

    /// Creates a store from entities; a later entity with the same identifier replaces an earlier one.
    public init(_ entities: [Entity] = []) {
        var store: [EntityUID: Stored] = [:]
        for entity in entities { store[entity.uid] = Stored(entity: entity) }
        Self.computeAncestors(in: &store, shared: nil)
        self.init(store: store, shared: nil)
    }

    /// `base` with `entities` added, sharing `base` instead of copying it and computing ancestors only for the
    /// added entities. An entity `base` already holds is kept (for example, the schema's actions over
    /// same-named directory entities). When an added entity is a parent that `base` names, `base`'s ancestor
    /// sets would grow, so everything is merged and recomputed instead.
    public init(_ entities: [Entity], adding base: Entities) {
        let base = base.flattened
        var added: [EntityUID: Stored] = [:]
        for entity in entities where base.store[entity.uid] == nil { added[entity.uid] = Stored(entity: entity) }
        if base.store.values.contains(where: { $0.entity.parents.contains { added[$0] != nil } }) {
            self.init(base.store.values.map(\.entity) + added.values.map(\.entity))
            return
        }
        let layer = Layer(store: base.store)
        Self.computeAncestors(in: &added, shared: layer)
        self.init(store: added, shared: layer)
    }

    private init(store: [EntityUID: Stored], shared: Layer?) {
        self.store = store
        self.shared = shared
    }

    /// The same entities in one store with no shared layer.
    private var flattened: Entities {
        guard let shared else { return self }
        var flat = self
        flat.store.merge(shared.store) { own, _ in own }
        flat.shared = nil
        return flat
    }

    /// Reads one field of an entity's record in place, from this store or the shared layer: copying a whole
    /// record out would retain everything it holds.
    @inline(__always)
    private func read<Field>(_ uid: EntityUID, _ field: (Stored) -> Field) -> Field? {
        if let index = store.index(forKey: uid) { return field(store.values[index]) }
        guard let shared, let index = shared.store.index(forKey: uid) else { return nil }
        return field(shared.store.values[index])
    }

    /// The entity with this identifier, if present.
    public subscript(uid: EntityUID) -> Entity? { read(uid) { $0.entity } }

    /// One attribute of an entity, read in place; nil when the entity or the attribute is absent.
    func attribute(_ name: String, of uid: EntityUID) -> Value?? {
        read(uid) { $0.entity.attributes[name] }
    }

    /// An entity's attributes (nil when the entity is absent) and transitive ancestors, in one lookup.
    func attributesAndAncestors(of uid: EntityUID) -> (attributes: [String: Value]?, ancestors: Set<EntityUID>) {
        read(uid) { ($0.entity.attributes, $0.ancestors) } ?? (nil, [])
    }

    /// Every entity, in no particular order.
    public var all: [Entity] {
        store.values.map(\.entity) + (shared.map { $0.store.values.map(\.entity) } ?? [])
    }

    /// Whether `descendant` is `ancestor` or transitively in it.
    public func isDescendant(_ descendant: EntityUID, of ancestor: EntityUID) -> Bool {
        descendant == ancestor || read(descendant) { $0.ancestors.contains(ancestor) } == true
    }

    /// The transitive ancestors of an entity, excluding itself.
    public func ancestors(of uid: EntityUID) -> Set<EntityUID> { read(uid) { $0.ancestors } ?? [] }

    /// Adds entities that are not already present, then recomputes ancestors.
    mutating func addMissing(_ entities: [Entity]) {
        self = flattened
        for entity in entities where store[entity.uid] == nil { store[entity.uid] = Stored(entity: entity) }
        Self.computeAncestors(in: &store, shared: nil)
    }

    /// Fills in every entity's ancestors, walking parents depth-first and memoizing, so each entity's set is
    /// computed once. Entities of the shared layer already have theirs (exact, since nothing in `store` is a
    /// parent they name). An entity on the current path counts as having no ancestors, which ends cycles.
    private static func computeAncestors(in store: inout [EntityUID: Stored], shared: Layer?) {
        var result: [EntityUID: Set<EntityUID>] = [:]
        func visit(_ uid: EntityUID) -> Set<EntityUID> {
            if let known = result[uid] { return known }
            guard let index = store.index(forKey: uid) else {
                guard let shared, let index = shared.store.index(forKey: uid) else { return [] }
                return shared.store.values[index].ancestors
            }
            result[uid] = []
            var ancestors: Set<EntityUID> = []
            for parent in store.values[index].entity.parents {
                ancestors.insert(parent)
                ancestors.formUnion(visit(parent))
            }
            result[uid] = ancestors
            store.values[index].ancestors = ancestors
            return ancestors
        }
        // The keys are copied out first: iterating the dictionary itself would share its storage and make every
        // write above copy it.
        for uid in Array(store.keys) { _ = visit(uid) }
    }
}
