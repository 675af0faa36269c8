/// The entities a request is evaluated against, with each entity's transitive ancestors precomputed.
///
/// A store can sit on shared, immutable layers (``Layer``, ``init(_:over:)``): a policy version's action
/// entities, or the neighbourhoods of the users and records a directory serves again and again, are built once,
/// and every request's store only holds and computes what the request adds.
public struct Entities: Sendable {
    /// An entity with its transitive ancestors, kept together so one lookup finds both.
    fileprivate struct Stored: Sendable {
        var entity: Entity
        var ancestors: Set<EntityUID> = []
    }

    private var store: [EntityUID: Stored]
    /// Shared stores consulted after `store`, in order; the first that holds an identifier answers for it.
    private var layers: [Layer]

    /// An immutable store with its ancestor sets, shared between stores.
    public final class Layer: Sendable {
        fileprivate let store: [EntityUID: Stored]
        /// Every identifier a member names as an ancestor, held here or not.
        public let ancestorUIDs: Set<EntityUID>
        /// Parents that members name and the layer does not hold.
        public let missingParents: Set<EntityUID>

        /// The entities of `entities` (and of the layers it sits on), with their ancestor sets.
        public convenience init(_ entities: Entities) {
            self.init(store: entities.flattened.store)
        }

        fileprivate init(store: [EntityUID: Stored]) {
            self.store = store
            var ancestors: Set<EntityUID> = []
            var missing: Set<EntityUID> = []
            for stored in store.values {
                ancestors.formUnion(stored.ancestors)
                for parent in stored.entity.parents where store[parent] == nil { missing.insert(parent) }
            }
            self.ancestorUIDs = ancestors
            self.missingParents = missing
        }

        /// Whether the layer holds an entity with this identifier.
        public func contains(_ uid: EntityUID) -> Bool { store[uid] != nil }

        /// The identifiers of the entities the layer holds.
        public var uids: [EntityUID] { Array(store.keys) }

        /// Whether a member's ancestors would change if `uid` were defined by another store: it is one of
        /// them, or a parent the layer lacks.
        public func dependsOn(_ uid: EntityUID) -> Bool {
            ancestorUIDs.contains(uid) || missingParents.contains(uid)
        }
    }

    /// Creates a store from entities; a later entity with the same identifier replaces an earlier one.
    public init(_ entities: [Entity] = []) {
        var store: [EntityUID: Stored] = [:]
        for entity in entities { store[entity.uid] = Stored(entity: entity) }
        Self.computeAncestors(in: &store, layers: [])
        self.init(store: store, layers: [])
    }

    /// `base` with `entities` added, sharing `base` instead of copying it and computing ancestors only for the
    /// added entities. An entity `base` already holds is kept (for example, the schema's actions over
    /// same-named directory entities). When an added entity is a parent that `base` names, `base`'s ancestor
    /// sets would grow, so everything is merged and recomputed instead.
    public init(_ entities: [Entity], adding base: Entities) {
        let layer = Layer(base)
        self.init(entities.filter { !layer.contains($0.uid) }, over: [layer])
    }

    /// `entities` over shared layers: a lookup tries `entities` first, then each layer in order.
    ///
    /// Only the added entities' ancestors are computed, through the layers. When a layer depends on an added
    /// entity (``Layer/dependsOn(_:)``), its ancestor sets would change, so everything is merged and recomputed
    /// instead. The layers themselves must agree with one another: an identifier held by several is the same
    /// entity, and no layer depends on an identifier that another defines. Layers cut from one consistent
    /// directory, each holding its members' ancestors, agree.
    public init(_ entities: [Entity], over layers: [Layer]) {
        var added: [EntityUID: Stored] = [:]
        for entity in entities { added[entity.uid] = Stored(entity: entity) }
        if added.keys.contains(where: { uid in layers.contains { $0.dependsOn(uid) } }) {
            var merged: [Entity] = []
            for layer in layers.reversed() { merged += layer.store.values.map(\.entity) }
            self.init(merged + entities)
            return
        }
        Self.computeAncestors(in: &added, layers: layers)
        self.init(store: added, layers: layers)
    }

    private init(store: [EntityUID: Stored], layers: [Layer]) {
        self.store = store
        self.layers = layers
    }

    /// The same entities in one store with no layers.
    private var flattened: Entities {
        guard !layers.isEmpty else { return self }
        var flat = self
        for layer in layers { flat.store.merge(layer.store) { own, _ in own } }
        flat.layers = []
        return flat
    }

    /// Reads one field of an entity's record in place, from this store or a layer: copying a whole record out
    /// would retain everything it holds.
    @inline(__always)
    private func read<Field>(_ uid: EntityUID, _ field: (Stored) -> Field) -> Field? {
        // Hashing the identifier is most of a probe, so an empty store (a request that adds nothing) is skipped.
        if !store.isEmpty, let index = store.index(forKey: uid) { return field(store.values[index]) }
        for layer in layers {
            if let index = layer.store.index(forKey: uid) { return field(layer.store.values[index]) }
        }
        return nil
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

    /// Every entity, each identifier once, in no particular order.
    public var all: [Entity] { flattened.store.values.map(\.entity) }

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
        Self.computeAncestors(in: &store, layers: [])
    }

    /// Fills in every entity's ancestors, walking parents depth-first and memoizing, so each entity's set is
    /// computed once. Entities of the layers already have theirs (exact, since no layer depends on anything in
    /// `store`). An entity on the current path counts as having no ancestors, which ends cycles.
    private static func computeAncestors(in store: inout [EntityUID: Stored], layers: [Layer]) {
        var result: [EntityUID: Set<EntityUID>] = [:]
        func visit(_ uid: EntityUID) -> Set<EntityUID> {
            if let known = result[uid] { return known }
            guard let index = store.index(forKey: uid) else {
                for layer in layers {
                    if let index = layer.store.index(forKey: uid) { return layer.store.values[index].ancestors }
                }
                return []
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
