import Testing

@testable import PHIGuardPolicy

@Suite("Policy index")
struct PolicyIndexTests {
    private static let policies = """
        permit(principal, action == Action::"view", resource);
        permit(principal, action in Action::"read", resource is Doc);
        permit(principal, action in [Action::"read", Action::"clinical"], resource);
        permit(principal is User, action, resource is Photo);
        forbid(principal, action == Action::"delete", resource) when { context.broken.field };
        permit(principal == User::"bob", action, resource);
        permit(principal in Role::"staff", action, resource is Doc);
        """

    private static let entities = Entities([
        Entity(
            uid: EntityUID("Action", "view"), parents: [EntityUID("Action", "read"), EntityUID("Action", "clinical")]),
        Entity(uid: EntityUID("Action", "read")),
        Entity(uid: EntityUID("Action", "clinical")),
        Entity(uid: EntityUID("Action", "delete")),
        Entity(uid: EntityUID("User", "alice"), parents: [EntityUID("Role", "staff")]),
    ])

    private func candidates(_ principal: EntityUID, _ action: String, _ resource: EntityUID) throws -> [String] {
        let set = try PolicySet(text: Self.policies)
        let request = Request(principal: principal, action: EntityUID("Action", action), resource: resource)
        var ids: [String] = []
        set.forEachCandidate(for: request, ancestors: Self.entities.ancestors(of:)) { ids.append($0.id) }
        return ids.sorted()
    }

    @Test("an action reaches the policies naming it and the groups it belongs to, each once")
    func actionGroups() throws {
        let ids = try candidates(EntityUID("User", "alice"), "view", EntityUID("Doc", "d"))
        #expect(ids == ["policy0", "policy1", "policy2", "policy6"])
    }

    @Test("policies for other actions, entity types or named entities are never handed to the evaluator")
    func unrelatedPoliciesSkipped() throws {
        #expect(try candidates(EntityUID("User", "alice"), "delete", EntityUID("Doc", "d")) == ["policy4", "policy6"])
        #expect(try candidates(EntityUID("User", "carol"), "delete", EntityUID("Doc", "d")) == ["policy4"])
        #expect(try candidates(EntityUID("User", "bob"), "delete", EntityUID("Doc", "d")) == ["policy4", "policy5"])
        #expect(try candidates(EntityUID("User", "alice"), "delete", EntityUID("Photo", "p")).contains("policy3"))
        #expect(try candidates(EntityUID("Device", "x"), "delete", EntityUID("Photo", "p")) == ["policy4"])
    }

    @Test("every policy whose scope matches is handed over exactly once")
    func agreesWithFullScan() throws {
        let set = try PolicySet(text: Self.policies)
        let principals = [EntityUID("User", "alice"), EntityUID("User", "bob"), EntityUID("Device", "x")]
        let resources = [EntityUID("Doc", "d"), EntityUID("Photo", "p")]
        for principal in principals {
            for action in ["view", "read", "clinical", "delete", "print"] {
                for resource in resources {
                    let request = Request(
                        principal: principal, action: EntityUID("Action", action), resource: resource,
                        context: ["broken": .record([:])])
                    let evaluator = Evaluator(request: request, entities: Self.entities)
                    let scanned = set.policies.values.filter { evaluator.matchesScope($0) }.map(\.id).sorted()
                    var handed: [String] = []
                    set.forEachCandidate(for: request, ancestors: Self.entities.ancestors(of:)) { handed.append($0.id) }
                    #expect(Set(scanned).isSubset(of: Set(handed)), "\(request)")
                    #expect(Set(handed).count == handed.count, "\(request)")
                }
            }
        }
    }
}

@Suite("Attribute depth")
struct AttributeDepthTests {
    @Test(
        "the longest attribute chain is counted through if-then-else and has",
        arguments: [
            ("permit (principal, action, resource);", 0),
            ("permit (principal, action, resource) when { context.x == 1 };", 1),
            ("permit (principal, action, resource) when { resource.patient.flags.isEmpty() };", 2),
            ("permit (principal, action, resource) when { resource.patient has careTeam };", 2),
            ("permit (principal, action, resource) when { (if context.a then resource.p else principal.q).r.s };", 3),
            ("permit (principal, action, resource) when { [resource.a.b].contains(1) } unless { principal.c };", 2),
        ])
    func depth(_ text: String, _ expected: Int) throws {
        #expect(try PolicySet(text: text).attributeDepth == expected)
    }

    @Test("the HIPAA pack reads two attributes deep, so decisions load one hop of related entities")
    func pack() throws {
        #expect(try PolicySet(text: HIPAAPolicyPack.policies).attributeDepth == 2)
    }
}
