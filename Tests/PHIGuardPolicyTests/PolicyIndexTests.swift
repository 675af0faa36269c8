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
        set.forEachCandidate(for: request, ancestors: Self.entities.ancestors(of:), guardValue: { _ in nil }) {
            ids.append($0.id)
        }
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
                    set.forEachCandidate(
                        for: request, ancestors: Self.entities.ancestors(of:), guardValue: { _ in nil }
                    ) { handed.append($0.id) }
                    #expect(Set(scanned).isSubset(of: Set(handed)), "\(request)")
                    #expect(Set(handed).count == handed.count, "\(request)")
                }
            }
        }
    }
}

@Suite("Equality guards in the policy index")
struct EqualityGuardTests {
    private static let policies = """
        permit(principal, action, resource) when { principal.department == "cardiology" && context.hour < 19 };
        permit(principal, action, resource) when { "oncology" == principal.department };
        forbid(principal is User, action, resource) when { principal.facility == Facility::"north" };
        permit(principal, action, resource) when { resource.level == 3 };
        permit(principal, action, resource) when { context.purpose == "TREAT" && principal.department == "x" };
        permit(principal, action, resource) when { context.hour < 19 && principal.department == "cardiology" };
        permit(principal, action, resource) unless { principal.department == "cardiology" };
        permit(principal, action, resource) when { principal.department != "cardiology" };
        permit(principal, action, resource) when { principal.department == "cardiology" || true };
        permit(principal, action, resource) when { principal.tags == ["a"] };
        """

    @Test(
        "a guard is the opening equality of the first `when` between an attribute and a Bool, Long, String or entity",
        arguments: [
            (0, Expression.Variable.principal, "department", Value.string("cardiology")),
            (1, .principal, "department", .string("oncology")),
            (2, .principal, "facility", .entity(EntityUID("Facility", "north"))),
            (3, .resource, "level", .long(3)),
            (4, .context, "purpose", .string("TREAT")),
        ])
    func guarded(_ position: Int, _ variable: Expression.Variable, _ attribute: String, _ literal: Value) throws {
        let policy = try #require(try PolicySet(text: Self.policies).policies["policy\(position)"])
        let (found, value) = try #require(EqualityGuard.of(policy))
        #expect(found.expression == .attribute(.variable(variable), attribute))
        #expect(value == literal)
    }

    @Test("an equality after another test, under `unless`, `!=`, `||` or with a set literal is no guard")
    func notGuarded() throws {
        let set = try PolicySet(text: Self.policies)
        for position in 5...9 {
            #expect(EqualityGuard.of(try #require(set.policies["policy\(position)"])) == nil, "policy\(position)")
        }
    }

    private static let entities = Entities([
        Entity(
            uid: EntityUID("User", "card"),
            attributes: ["department": .string("cardiology"), "facility": .entity(EntityUID("Facility", "south"))]),
        Entity(
            uid: EntityUID("User", "north"),
            attributes: ["department": .long(7), "facility": .entity(EntityUID("Facility", "north"))]),
        Entity(uid: EntityUID("User", "bare")),
        Entity(uid: EntityUID("Doc", "three"), attributes: ["level": .long(3)]),
        Entity(uid: EntityUID("Doc", "four"), attributes: ["level": .string("3")]),
    ])

    /// Every policy evaluated, as if there were no index: what the index must agree with.
    private func fullScan(_ set: PolicySet, _ request: Request) -> Response {
        let evaluator = Evaluator(request: request, entities: Self.entities)
        var permits: [String] = []
        var forbids: [String] = []
        var errors: [String] = []
        for policy in set.policies.values {
            do throws(EvaluationError) {
                guard try evaluator.isSatisfied(policy) else { continue }
                if policy.effect == .permit { permits.append(policy.id) } else { forbids.append(policy.id) }
            } catch {
                errors.append(policy.id)
            }
        }
        let reasons = (forbids.isEmpty ? permits : forbids).sorted()
        let decision: Decision = forbids.isEmpty && !permits.isEmpty ? .allow : .deny
        return Response(decision: decision, reasons: reasons, errors: errors.sorted(), errorMessages: [:])
    }

    @Test("decisions, reasons and errors are a full scan's, for matching, other, wrong-typed and missing values")
    func agreesWithFullScan() throws {
        let set = try PolicySet(text: Self.policies)
        let principals = ["card", "north", "bare", "ghost"].map { EntityUID("User", $0) }
        let resources = ["three", "four", "ghost"].map { EntityUID("Doc", $0) }
        let contexts: [[String: Value]] = [
            ["hour": .long(9), "purpose": .string("TREAT")], ["hour": .long(20), "purpose": .long(1)], [:],
        ]
        var guardsPassed = 0
        for principal in principals {
            for resource in resources {
                for context in contexts {
                    let request = Request(
                        principal: principal, action: EntityUID("Action", "view"), resource: resource,
                        context: context)
                    let response = Authorizer().isAuthorized(request, policies: set, entities: Self.entities)
                    let expected = fullScan(set, request)
                    #expect(response.decision == expected.decision, "\(request)")
                    #expect(response.reasons == expected.reasons, "\(request)")
                    #expect(response.errors == expected.errors, "\(request)")
                    guardsPassed += response.reasons.filter { ["policy0", "policy2", "policy3"].contains($0) }.count
                }
            }
        }
        #expect(guardsPassed > 0)
    }

    @Test("a request is handed the guarded policies whose literal it matches, or all of them when it has no value")
    func handedByValue() throws {
        let set = try PolicySet(text: Self.policies)
        func handed(_ principal: String) -> [String] {
            let request = Request(
                principal: EntityUID("User", principal), action: EntityUID("Action", "view"),
                resource: EntityUID("Doc", "three"), context: ["hour": .long(9), "purpose": .string("TREAT")])
            let evaluator = Evaluator(request: request, entities: Self.entities)
            var ids: [String] = []
            set.forEachCandidate(
                for: request, ancestors: evaluator.ancestors(of:),
                guardValue: { try? evaluator.evaluate($0.expression) }
            ) { ids.append($0.id) }
            return ids.sorted()
        }
        let unguarded = ["policy5", "policy6", "policy7", "policy8", "policy9"]
        #expect(handed("card") == (["policy0", "policy3", "policy4"] + unguarded).sorted())
        #expect(handed("north") == (["policy2", "policy3", "policy4"] + unguarded).sorted())
        #expect(handed("bare") == (["policy0", "policy1", "policy2", "policy3", "policy4"] + unguarded).sorted())
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
