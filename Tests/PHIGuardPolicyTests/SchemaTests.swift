import Foundation
import Testing

@testable import PHIGuardPolicy

@Suite("Schemas, entity JSON and validation")
struct SchemaTests {
    @Test("entities added to a base agree with building them all at once, and the base's entities win")
    func entitiesAddedToBase() {
        func uid(_ type: String, _ id: String) -> EntityUID { EntityUID(type, id) }
        let actions = [
            Entity(uid: uid("Action", "view"), parents: [uid("Action", "read")]),
            Entity(uid: uid("Action", "read"), parents: [uid("Action", "any")]),
        ]
        let base = Entities(actions)
        let users = [
            Entity(uid: uid("User", "a"), parents: [uid("Role", "nurse")]),
            Entity(uid: uid("Role", "nurse"), parents: [uid("Role", "clinical")]),
            // Same uid as an action: the base's entity stays.
            Entity(uid: uid("Action", "read"), parents: []),
        ]
        let combined = Entities(users, adding: base)
        #expect(combined.ancestors(of: uid("User", "a")) == [uid("Role", "nurse"), uid("Role", "clinical")])
        #expect(combined.ancestors(of: uid("Action", "view")) == [uid("Action", "read"), uid("Action", "any")])
        #expect(combined[uid("Action", "read")]?.parents == [uid("Action", "any")])
        // An added entity that a base entity names as parent makes the base's ancestor sets grow.
        let grown = Entities([Entity(uid: uid("Action", "any"), parents: [uid("Action", "root")])], adding: base)
        #expect(grown.ancestors(of: uid("Action", "view")).contains(uid("Action", "root")))
        #expect(grown.isDescendant(uid("Action", "read"), of: uid("Action", "root")))
    }

    @Test("ancestors are transitive through chains and diamonds, and a cycle ends without looping")
    func ancestorClosure() {
        func uid(_ id: String) -> EntityUID { EntityUID("Group", id) }
        let entities = Entities([
            Entity(uid: uid("a"), parents: [uid("b"), uid("c")]),
            Entity(uid: uid("b"), parents: [uid("d")]),
            Entity(uid: uid("c"), parents: [uid("d")]),
            Entity(uid: uid("d"), parents: [uid("absent")]),
            Entity(uid: uid("x"), parents: [uid("y")]),
            Entity(uid: uid("y"), parents: [uid("x")]),
        ])
        #expect(entities.ancestors(of: uid("a")) == [uid("b"), uid("c"), uid("d"), uid("absent")])
        #expect(entities.ancestors(of: uid("c")) == [uid("d"), uid("absent")])
        #expect(entities.ancestors(of: uid("absent")).isEmpty && entities[uid("absent")] == nil)
        #expect(entities.ancestors(of: uid("x")).contains(uid("y")))
        #expect(entities.ancestors(of: uid("y")).contains(uid("x")))
        #expect(entities.isDescendant(uid("a"), of: uid("absent")) && !entities.isDescendant(uid("d"), of: uid("a")))
        let (attributes, ancestors) = entities.attributesAndAncestors(of: uid("b"))
        #expect(attributes == [:] && ancestors == [uid("d"), uid("absent")])
        #expect(entities.attributesAndAncestors(of: uid("none")).attributes == nil)
    }

    private static let human = """
        namespace Clinic {
            type Address = { city: String, zip?: String };
            entity Group;
            entity User in [Group] = { home: Address, ip: ipaddr };
            entity Chart tags String;
            action read, write appliesTo { principal: [User], resource: Chart, context: { level: Long } };
        }
        """

    private static let json = """
        {"Clinic": {
          "commonTypes": {"Address": {"type": "Record", "attributes": {
            "city": {"type": "String"}, "zip": {"type": "String", "required": false}}}},
          "entityTypes": {
            "Group": {},
            "User": {"memberOfTypes": ["Group"], "shape": {"type": "Record", "attributes": {
              "home": {"type": "Address"}, "ip": {"type": "Extension", "name": "ipaddr"}}}},
            "Chart": {"tags": {"type": "String"}}},
          "actions": {
            "read": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Chart"],
              "context": {"type": "Record", "attributes": {"level": {"type": "Long"}}}}},
            "write": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Chart"],
              "context": {"type": "Record", "attributes": {"level": {"type": "Long"}}}}}}
        }}
        """

    @Test("The human and JSON syntaxes describe the same schema")
    func bothSyntaxesAgree() throws {
        let fromText = try Schema(text: Self.human)
        let fromJSON = try Schema(json: Data(Self.json.utf8))
        #expect(fromText.entityTypes == fromJSON.entityTypes)
        #expect(fromText.actions == fromJSON.actions)
        let user = try #require(fromText.entityTypes[EntityType("Clinic::User")])
        #expect(user.memberOfTypes == [EntityType("Clinic::Group")])
        #expect(user.attributes["ip"]?.type == .extension("ipaddr"))
    }

    @Test("With a schema, entity attributes are read by their declared types")
    func typedEntityJSON() throws {
        let schema = try Schema(text: Self.human)
        let json = """
            [{"uid": {"type": "Clinic::User", "id": "a"}, "parents": [{"type": "Clinic::Group", "id": "g"}],
              "attrs": {"home": {"city": "Oslo"}, "ip": "10.0.0.1"}}]
            """
        let entities = try Entities(json: Data(json.utf8), schema: schema)
        let user = try #require(entities[EntityUID("Clinic::User", "a")])
        #expect(user.attributes["ip"] == .ipaddr(try #require(IPAddress(parsing: "10.0.0.1"))))
        #expect(entities.isDescendant(EntityUID("Clinic::User", "a"), of: EntityUID("Clinic::Group", "g")))
        #expect(entities[EntityUID("Clinic::Action", "read")] != nil)
    }

    @Test("The validator accepts guarded optional attributes and rejects unguarded ones")
    func optionalAttributes() throws {
        let validator = Validator(schema: try Schema(text: Self.human))
        let guarded = try PolicySet(
            text: """
                permit(principal, action == Clinic::Action::"read", resource)
                when { principal.home has zip && principal.home.zip == "0150" && context.level > 2 };
                """)
        #expect(validator.validate(guarded).isEmpty)
        let unguarded = try PolicySet(
            text: #"permit(principal, action == Clinic::Action::"read", resource) when { principal.home.zip == "0" };"#)
        #expect(validator.validate(unguarded).map(\.policyID) == ["policy0"])
    }

    @Test(
        "The validator rejects unknown types, mixed comparisons and tag reads without hasTag",
        arguments: [
            #"permit(principal is Clinic::Nurse, action, resource);"#,
            #"permit(principal, action, resource) when { context.level == "high" };"#,
            #"permit(principal, action, resource) when { resource.getTag("x") == "y" };"#,
            #"permit(principal, action, resource) when { [].isEmpty() };"#,
            #"permit(principal, action in [], resource);"#,
        ])
    func rejects(_ text: String) throws {
        let validator = Validator(schema: try Schema(text: Self.human))
        #expect(!validator.validate(try PolicySet(text: text)).isEmpty)
    }
}
