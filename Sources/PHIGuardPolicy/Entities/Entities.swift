/// The entities a request is evaluated against, with each entity's transitive ancestors precomputed.
public struct Entities: Sendable {
    private var store: [EntityUID: Entity]
    private var ancestorsByEntity: [EntityUID: Set<EntityUID>]

    /// Creates a store from entities; a later entity with the same identifier replaces an earlier one.
    public init(_ entities: [Entity] = []) {
        var store: [EntityUID: Entity] = [:]
        for entity in entities { store[entity.uid] = entity }
        self.store = store
        self.ancestorsByEntity = Self.closure(of: store)
    }

    /// `base` with `entities` added, computing ancestors only for the added ones. An entity `base` already
    /// holds is kept (for example, the schema's actions over same-named directory entities). `base`'s ancestor
    /// sets are reused when no added entity is a parent `base` names; otherwise everything is recomputed.
    public init(_ entities: [Entity], adding base: Entities) {
        var store = base.store
        var added: [EntityUID: Entity] = [:]
        for entity in entities where base.store[entity.uid] == nil {
            store[entity.uid] = entity
            added[entity.uid] = entity
        }
        self.store = store
        if base.store.values.contains(where: { $0.parents.contains { added[$0] != nil } }) {
            ancestorsByEntity = Self.closure(of: store)
        } else {
            ancestorsByEntity = Self.closure(of: store, only: added.keys, known: base.ancestorsByEntity)
        }
    }

    /// The entity with this identifier, if present.
    public subscript(uid: EntityUID) -> Entity? { store[uid] }

    /// One attribute of an entity, read in place; nil when the entity or the attribute is absent.
    func attribute(_ name: String, of uid: EntityUID) -> Value?? {
        guard let index = store.index(forKey: uid) else { return nil }
        return .some(store.values[index].attributes[name])
    }

    /// An entity's attributes, read in place; nil when the entity is absent.
    func attributes(of uid: EntityUID) -> [String: Value]? {
        guard let index = store.index(forKey: uid) else { return nil }
        return store.values[index].attributes
    }

    /// Every entity, in no particular order.
    public var all: [Entity] { Array(store.values) }

    /// Whether `descendant` is `ancestor` or transitively in it.
    public func isDescendant(_ descendant: EntityUID, of ancestor: EntityUID) -> Bool {
        descendant == ancestor || ancestorsByEntity[descendant]?.contains(ancestor) == true
    }

    /// The transitive ancestors of an entity, excluding itself.
    public func ancestors(of uid: EntityUID) -> Set<EntityUID> { ancestorsByEntity[uid] ?? [] }

    /// Adds entities that are not already present, then recomputes ancestors.
    mutating func addMissing(_ entities: [Entity]) {
        for entity in entities where store[entity.uid] == nil { store[entity.uid] = entity }
        ancestorsByEntity = Self.closure(of: store)
    }

    /// Walks parents depth-first, memoizing, so each entity's ancestor set is computed once.
    private static func closure(of store: [EntityUID: Entity]) -> [EntityUID: Set<EntityUID>] {
        closure(of: store, only: store.keys, known: [:])
    }

    /// The ancestor sets of `uids` added to the sets already `known` (which must stay exact).
    private static func closure(
        of store: [EntityUID: Entity], only uids: some Sequence<EntityUID>, known: [EntityUID: Set<EntityUID>]
    ) -> [EntityUID: Set<EntityUID>] {
        var result = known
        var inProgress: Set<EntityUID> = []
        func visit(_ uid: EntityUID) -> Set<EntityUID> {
            if let known = result[uid] { return known }
            guard let entity = store[uid], inProgress.insert(uid).inserted else { return [] }
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
