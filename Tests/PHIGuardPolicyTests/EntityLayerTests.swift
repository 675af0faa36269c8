import Testing

@testable import PHIGuardPolicy

@Suite("Entity stores over shared layers")
struct EntityLayerTests {
    private static func uid(_ id: Int) -> EntityUID { EntityUID("Node", "n\(id)") }

    /// A random acyclic graph: each node's parents have higher numbers, and some number sits in an attribute.
    private static func graph(nodes: Int, generator: inout some RandomNumberGenerator) -> [Entity] {
        (0..<nodes).map { id in
            let parents = (0..<Int.random(in: 0...2, using: &generator)).compactMap { _ in
                id + 1 < nodes ? uid(Int.random(in: (id + 1)..<nodes, using: &generator)) : nil
            }
            return Entity(uid: uid(id), attributes: ["n": .long(Int64(id))], parents: Set(parents))
        }
    }

    /// A root with all its ancestors, as a directory cuts its neighbourhoods.
    private static func closure(of root: Int, in entities: [Entity]) -> [Entity] {
        var found: [EntityUID: Entity] = [:]
        var pending = [uid(root)]
        while let next = pending.popLast() {
            guard found[next] == nil, let entity = entities.first(where: { $0.uid == next }) else { continue }
            found[next] = entity
            pending += entity.parents
        }
        return Array(found.values)
    }

    @Test("a store over overlapping closures answers as one built from everything at once")
    func layersAgreeWithFlat() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let nodes = 30
            let entities = Self.graph(nodes: nodes, generator: &generator)
            let roots = (0..<3).map { _ in Int.random(in: 0..<nodes, using: &generator) }
            let layers = roots.map { Entities.Layer(Entities(Self.closure(of: $0, in: entities))) }
            // An added entity below everything, whose parents the layers hold.
            let added = Entity(uid: EntityUID("Node", "added"), parents: Set(roots.map(Self.uid)))
            let layered = Entities([added], over: layers)
            let flat = Entities(roots.flatMap { Self.closure(of: $0, in: entities) } + [added])
            for id in 0..<nodes {
                #expect(layered.ancestors(of: Self.uid(id)) == flat.ancestors(of: Self.uid(id)))
                #expect(layered[Self.uid(id)] == flat[Self.uid(id)])
            }
            #expect(layered.ancestors(of: added.uid) == flat.ancestors(of: added.uid))
            #expect(Set(layered.all.map(\.uid)) == Set(flat.all.map(\.uid)))
        }
    }

    @Test("an added entity that a layer names as an ancestor or lacks as a parent replaces it, and ancestry follows")
    func addedEntityALayerDependsOn() {
        let group = EntityUID("Group", "g")
        let top = EntityUID("Group", "top")
        let user = EntityUID("User", "u")
        // The layer holds the group without parents, and names a parent it does not hold.
        let layer = Entities.Layer(
            Entities([
                Entity(uid: user, parents: [group]), Entity(uid: group),
                Entity(uid: EntityUID("User", "v"), parents: [EntityUID("Group", "absent")]),
            ]))
        #expect(layer.dependsOn(group) && layer.dependsOn(EntityUID("Group", "absent")) && !layer.dependsOn(user))
        let replaced = Entities([Entity(uid: group, parents: [top])], over: [layer])
        #expect(replaced.ancestors(of: user) == [group, top])
        #expect(replaced[group]?.parents == [top])
        let provided = Entities([Entity(uid: EntityUID("Group", "absent"), parents: [top])], over: [layer])
        #expect(provided.isDescendant(EntityUID("User", "v"), of: top))
        // An entity no layer depends on leaves the layers' ancestor sets alone.
        let beside = Entities([Entity(uid: EntityUID("User", "w"), parents: [group])], over: [layer])
        #expect(beside.ancestors(of: EntityUID("User", "w")) == [group])
        #expect(beside.ancestors(of: user) == [group])
    }

    @Test("an earlier layer answers for an identifier a later one also holds")
    func layerOrder() {
        let shared = EntityUID("Action", "view")
        let first = Entities.Layer(Entities([Entity(uid: shared, attributes: ["from": .string("first")])]))
        let second = Entities.Layer(Entities([Entity(uid: shared, attributes: ["from": .string("second")])]))
        let entities = Entities([], over: [first, second])
        #expect(entities[shared]?.attributes["from"] == .string("first"))
        #expect(entities.all.count == 1)
    }
}
