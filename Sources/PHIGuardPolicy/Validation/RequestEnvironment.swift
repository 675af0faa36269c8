/// One principal type, action and resource type combination that the schema allows.
struct RequestEnvironment: Hashable, Sendable {
    var principal: EntityType
    var action: EntityUID
    var resource: EntityType

    static func all(in schema: Schema) -> [RequestEnvironment] {
        var result: [RequestEnvironment] = []
        for (uid, action) in schema.actions.sorted(by: { $0.key < $1.key }) where action.hasAppliesTo {
            for principal in action.principalTypes {
                for resource in action.resourceTypes {
                    result.append(RequestEnvironment(principal: principal, action: uid, resource: resource))
                }
            }
        }
        return result
    }

    func admits(_ policy: Policy, schema: Schema) -> Bool {
        Self.admits(principal, policy.principal, schema) && Self.admits(resource, policy.resource, schema)
            && admitsAction(policy.action, schema)
    }

    private static func admits(_ type: EntityType, _ constraint: ScopeConstraint, _ schema: Schema) -> Bool {
        switch constraint {
        case .any, .equal(.slot), .in(.slot): return true
        case .equal(.entity(let uid)): return uid.type == type
        case .in(.entity(let uid)): return mayDescend(type, from: uid.type, schema)
        case .is(let target), .isIn(let target, .slot): return target == type
        case .isIn(let target, .entity(let uid)): return target == type && mayDescend(type, from: uid.type, schema)
        }
    }

    /// Whether an entity of `type` can be in an entity of `ancestor`, following `memberOfTypes`.
    static func mayDescend(_ type: EntityType, from ancestor: EntityType, _ schema: Schema) -> Bool {
        var seen: Set<EntityType> = [type]
        var pending = [type]
        while let next = pending.popLast() {
            if next == ancestor { return true }
            for parent in schema.entityTypes[next]?.memberOfTypes ?? [] where seen.insert(parent).inserted {
                pending.append(parent)
            }
        }
        return false
    }

    private func admitsAction(_ constraint: ActionConstraint, _ schema: Schema) -> Bool {
        switch constraint {
        case .any: return true
        case .equal(let uid): return uid == action
        case .in(let groups): return groups.contains { actionDescends(action, from: $0, schema) }
        }
    }

    private func actionDescends(_ uid: EntityUID, from group: EntityUID, _ schema: Schema) -> Bool {
        var seen: Set<EntityUID> = [uid]
        var pending = [uid]
        while let next = pending.popLast() {
            if next == group { return true }
            for parent in schema.actions[next]?.memberOf ?? [] where seen.insert(parent).inserted {
                pending.append(parent)
            }
        }
        return false
    }
}
