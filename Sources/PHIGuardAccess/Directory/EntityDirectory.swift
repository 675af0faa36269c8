import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardPolicy
import PHIGuardStore

/// The entities decisions are made against (users with their roles, patients with care teams and flags,
/// records, devices), kept in Cedar's JSON entity format.
///
/// Each entity is one row found by a keyed hash of its uid; its JSON is encrypted with the keyring, since a
/// patient's identifiers and flags are PHI. Identity providers and the EHR keep it current through the API.
public struct EntityDirectory: Sendable {
    /// The most entities one upsert takes.
    public static let maxBatch = 10_000

    private let store: any Store
    private let keyring: Keyring
    private let clock: any WallClock
    private let cache = EntityCache()

    public init(store: any Store, keyring: Keyring, clock: any WallClock = SystemWallClock()) {
        self.store = store
        self.keyring = keyring
        self.clock = clock
    }

    /// Adds or replaces entities given as a JSON array in Cedar's entity format, checked against `schema`.
    /// Either all are stored or none.
    ///
    /// - Returns: the uids stored, in input order.
    /// - Throws: `EntityBatchError` naming each bad entity by index.
    @discardableResult
    public func upsert(json: Data, schema: Schema) throws -> [EntityUID] {
        guard let array = try? JSONSerialization.jsonObject(with: json) as? [Any] else {
            throw EntityBatchError(problems: [.init(index: nil, message: "the body must be a JSON array of entities")])
        }
        guard (1...Self.maxBatch).contains(array.count) else {
            throw EntityBatchError(problems: [.init(index: nil, message: "send 1 to \(Self.maxBatch) entities")])
        }
        var rows: [(uid: EntityUID, body: Data)] = []
        var problems: [EntityBatchError.Problem] = []
        var seen: Set<EntityUID> = []
        for (index, element) in array.enumerated() {
            do {
                let body = try JSONSerialization.data(withJSONObject: element, options: [.sortedKeys])
                let entity = try Self.parse(body, schema: schema)
                guard schema.entityTypes[entity.uid.type] != nil else {
                    throw EntityFormatError("the schema declares no entity type \(entity.uid.type)")
                }
                guard seen.insert(entity.uid).inserted else { throw EntityFormatError("the uid appears twice") }
                rows.append((entity.uid, body))
            } catch let error as EntityFormatError {
                problems.append(.init(index: index, message: error.message))
            } catch {
                problems.append(.init(index: index, message: "not an entity object"))
            }
        }
        guard problems.isEmpty else { throw EntityBatchError(problems: problems) }
        let now = Int64(clock.now().timeIntervalSince1970)
        let sealed = try rows.map { row in
            (
                key: key(row.uid), type: row.uid.type.description,
                body: try keyring.encrypt(Array(row.body), context: Self.context)
            )
        }
        try store.write { connection in
            for row in sealed {
                try connection.execute("DELETE FROM directory_entities WHERE uid_index = \(row.key)")
                try connection.execute(
                    """
                    INSERT INTO directory_entities (uid_index, entity_type, body, updated_at)
                    VALUES (\(row.key), \(row.type), \(row.body), \(now))
                    """)
            }
        }
        cache.invalidate(rows.map(\.uid))
        return rows.map(\.uid)
    }

    /// Removes an entity; removing one that is absent is harmless.
    /// - Returns: whether an entity was removed.
    @discardableResult
    public func remove(_ uid: EntityUID) throws -> Bool {
        let changed = try store.write { try $0.execute("DELETE FROM directory_entities WHERE uid_index = \(key(uid))") }
        cache.invalidate([uid])
        return changed > 0
    }

    /// The stored JSON of one entity.
    public func json(of uid: EntityUID) throws -> Data? {
        let row = try store.read {
            try $0.first("SELECT body FROM directory_entities WHERE uid_index = \(key(uid))")
        }
        guard let row else { return nil }
        return Data(try keyring.decrypt(try row.bytes("body"), context: Self.context))
    }

    /// How many entities of each type are stored.
    public func counts() throws -> [String: Int] {
        let rows = try store.read {
            try $0.query("SELECT entity_type, COUNT(*) AS n FROM directory_entities GROUP BY entity_type")
        }
        var result: [String: Int] = [:]
        for row in rows { result[try row.string("entity_type")] = Int(try row.int("n")) }
        return result
    }

    /// The entities a request touches: `roots`, their ancestors, and entities their attributes name, up to
    /// `policies.entityReach` hops (how far the policies can read through entity-valued attributes; entities
    /// further away are never read, so they are not loaded), plus `extra` (entities the caller supplied,
    /// which stored ones do not replace) and the schema's action entities. Entities are read with the
    /// version's schema and cached per version.
    public func entities(reachableFrom roots: [EntityUID], policies: CompiledPolicies, extra: [Entity] = [])
        throws -> Entities
    {
        // One shared neighbourhood per root. The union of the roots' neighbourhoods is what a walk from all
        // of them at once loads. Supplied entities are not walked from, only their parents' ancestry is.
        var neighbourhoods: [Neighbourhood] = []
        for root in roots where !extra.contains(where: { $0.uid == root }) {
            neighbourhoods.append(try neighbourhood(of: root, reach: policies.entityReach, policies: policies))
        }
        for entity in extra {
            for parent in entity.parents {
                neighbourhoods.append(try neighbourhood(of: parent, reach: 0, policies: policies))
            }
        }
        let actions = policies.actionEntities
        let added = extra.filter { !actions.contains($0.uid) }
        // The schema's actions win over same-named entities. A directory entity that is an action or whose
        // ancestry runs through one, or an action whose parent a directory entity provides, needs everything
        // computed together. Otherwise no directory layer holds an action, and the actions can go last, where
        // the many lookups of users, records and roles do not probe them first.
        let separable =
            !neighbourhoods.contains { $0.touchesActions }
            && !actions.missingParents.contains { uid in neighbourhoods.contains { $0.layer.contains(uid) } }
        guard separable else {
            let stored = Entities([], over: neighbourhoods.map(\.layer)).all
            return Entities(stored.filter { !actions.contains($0.uid) } + added, over: [actions])
        }
        return Entities(added, over: neighbourhoods.map(\.layer) + [actions])
    }

    /// `root`, the entities its attributes name up to `reach` hops away, and the ancestors of all of them, from
    /// the cache when it holds them.
    private func neighbourhood(of root: EntityUID, reach: Int, policies: CompiledPolicies) throws -> Neighbourhood {
        if let cached = cache.neighbourhood(of: root, reach: reach, version: policies.version) { return cached }
        let generation = cache.generation
        func entity(_ uid: EntityUID) throws -> Entity? {
            try self.entity(uid, schema: policies.schema, version: policies.version)
        }
        // Every identifier looked at, with its entity or nil when the directory has none.
        var seen: [EntityUID: Entity?] = [:]
        var frontier = [root]
        var next: [EntityUID] = []
        for _ in 0...max(0, reach) where !frontier.isEmpty {
            for uid in frontier where seen[uid] == nil {
                let entity = try entity(uid)
                seen[uid] = .some(entity)
                guard let entity else { continue }
                next += entity.parents
                for value in entity.attributes.values { Self.collectUIDs(in: value, into: &next) }
            }
            swap(&frontier, &next)
            next.removeAll(keepingCapacity: true)
        }
        // Ancestors matter for `in` at any depth: follow parents to the top.
        var parents: [EntityUID] = []
        for case let entity? in seen.values { parents += entity.parents }
        while let uid = parents.popLast() {
            guard seen[uid] == nil else { continue }
            let entity = try entity(uid)
            seen[uid] = .some(entity)
            if let entity { parents += entity.parents }
        }
        let neighbourhood = Neighbourhood(
            layer: Entities.Layer(Entities(seen.values.compactMap { $0 })), looked: Set(seen.keys))
        cache.store(neighbourhood, of: root, reach: reach, version: policies.version, generation: generation)
        return neighbourhood
    }

    /// One entity as `schema` reads it, from the cache when it holds it.
    /// - Parameter version: the policy version `schema` belongs to; the cache keeps entities per version.
    public func entity(_ uid: EntityUID, schema: Schema, version: Int) throws -> Entity? {
        if let cached = cache.lookup(uid, version: version) { return cached }
        let generation = cache.generation
        let entity = try json(of: uid).map { try Self.parse($0, schema: schema) }
        cache.store(entity, for: uid, version: version, generation: generation)
        return entity
    }

    private func key(_ uid: EntityUID) -> [UInt8] {
        keyring.blindIndex(uid.description, context: Self.context)
    }

    private static let context = "directory.entity"

    private static func parse(_ body: Data, schema: Schema) throws -> Entity {
        var json = Data("[".utf8)
        json.append(body)
        json.append(contentsOf: Array("]".utf8))
        // With a schema, the parsed set also holds the schema's action entities.
        guard let entity = try Entities(json: json, schema: schema).all.first(where: { !$0.uid.type.isAction }) else {
            throw EntityFormatError("not an entity object")
        }
        return entity
    }

    private static func collectUIDs(in value: Value, into result: inout [EntityUID]) {
        switch value {
        case .entity(let uid): result.append(uid)
        case .set(let members): for member in members { collectUIDs(in: member, into: &result) }
        case .record(let fields): for field in fields.values { collectUIDs(in: field, into: &result) }
        default: break
        }
    }
}

/// Entities that could not be stored, each named by its position in the request.
public struct EntityBatchError: Error, Sendable, CustomStringConvertible {
    public struct Problem: Sendable, Hashable {
        /// The position in the array, or nil for a problem with the whole body.
        public var index: Int?
        public var message: String
    }

    public var problems: [Problem]
    public var description: String {
        let first = problems.prefix(3).map { ($0.index.map { "#\($0): " } ?? "") + $0.message }
        return "\(problems.count) entities were not valid; none was stored (" + first.joined(separator: "; ") + ")"
    }
}
