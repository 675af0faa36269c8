/// Schema declarations as written, in either the human or the JSON syntax, before names are resolved.
struct SchemaDeclarations {
    /// A type as written, before names are resolved.
    indirect enum RawType {
        case name([String], SourceLocation)
        case set(RawType)
        case record([String: RawAttribute])
    }

    struct RawAttribute {
        var type: RawType
        var isRequired: Bool
    }

    struct RawEntity {
        var name: String
        var namespace: String
        var memberOf: [[String]]
        var attributes: RawType?
        var tags: RawType?
        var enumeratedIDs: [String]?
    }

    struct RawAction {
        var uid: EntityUID
        var namespace: String
        var memberOf: [EntityUID]
        var principals: [[String]]
        var resources: [[String]]
        var context: RawType?
        var hasAppliesTo: Bool
    }

    var commonTypes: [String: (type: RawType, namespace: String)] = [:]
    var entities: [RawEntity] = []
    var actions: [RawAction] = []
}
