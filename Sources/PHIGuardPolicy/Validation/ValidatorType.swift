/// The type the validator gives an expression; Bools remember when they are known to be `true` or `false`.
indirect enum ValidatorType: Hashable, Sendable {
    case bool(Bool?)
    case long
    case string
    case entity(EntityType)
    /// A set; a nil element type is the empty set literal.
    case set(ValidatorType?)
    case record([String: SchemaAttribute])
    case `extension`(String)

    init(_ type: SchemaType) {
        switch type {
        case .bool: self = .bool(nil)
        case .long: self = .long
        case .string: self = .string
        case .entity(let name): self = .entity(name)
        case .set(let element): self = .set(ValidatorType(element))
        case .record(let attributes): self = .record(attributes)
        case .extension(let name): self = .extension(name)
        }
    }

    /// The least type both are, or nil when strict validation finds them incompatible.
    func join(_ other: ValidatorType) -> ValidatorType? {
        switch (self, other) {
        case (.bool(let a), .bool(let b)): return .bool(a == b ? a : nil)
        case (.set(nil), .set), (.set, .set(nil)): return self == .set(nil) ? other : self
        case (.set(let a?), .set(let b?)): return a.join(b).map { .set($0) }
        case (.record(let a), .record(let b)): return Self.joinRecords(a, b)
        default: return self == other ? self : nil
        }
    }

    private static func joinRecords(
        _ a: [String: SchemaAttribute],
        _ b: [String: SchemaAttribute]
    ) -> ValidatorType? {
        guard Set(a.keys) == Set(b.keys) else { return nil }
        var result: [String: SchemaAttribute] = [:]
        for (key, left) in a {
            guard let right = b[key], left.isRequired == right.isRequired,
                let joined = ValidatorType(left.type).join(ValidatorType(right.type))
            else { return nil }
            result[key] = SchemaAttribute(type: joined.schemaType ?? left.type, isRequired: left.isRequired)
        }
        return .record(result)
    }

    /// The schema type this stands for, when it has one.
    var schemaType: SchemaType? {
        switch self {
        case .bool: return .bool
        case .long: return .long
        case .string: return .string
        case .entity(let name): return .entity(name)
        case .set(let element?): return element.schemaType.map { .set($0) }
        case .set(nil): return nil
        case .record(let attributes): return .record(attributes)
        case .extension(let name): return .extension(name)
        }
    }
}
