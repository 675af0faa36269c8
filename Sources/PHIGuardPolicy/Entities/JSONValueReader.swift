import PHIGuardCore

/// Reads Cedar values from the JSON entity format. Without an expected type, objects are records unless they
/// use the `__entity` or `__extn` escapes; with a schema type, plain `{"type", "id"}` objects are entity
/// references and plain strings are extension values.
enum JSONValueReader {
    static func value(_ json: JSONValue, expecting expected: SchemaType? = nil) throws(EntityFormatError) -> Value {
        switch (json, expected) {
        case (.object(let fields), .entity?):
            return .entity(try entityUID(fields["__entity"] ?? json))
        case (.string(let text), .extension(let name)?):
            return try constructed(name == "ipaddr" ? "ip" : name, text)
        case (.object(let fields), .extension?) where fields["fn"] != nil && fields["__extn"] == nil:
            return try extensionValue(json)
        case (.array(let elements), .set(let element)?):
            return .set(
                Set(try elements.map { (item) throws(EntityFormatError) in try value(item, expecting: element) }))
        case (.object(let fields), .record(let attributes)?) where fields["__extn"] == nil && fields["__entity"] == nil:
            return .record(try record(fields, attributes))
        default:
            return try untyped(json)
        }
    }

    static func record(
        _ fields: [String: JSONValue],
        _ attributes: [String: SchemaAttribute]?
    ) throws(EntityFormatError) -> [String: Value] {
        var result: [String: Value] = [:]
        for (key, field) in fields {
            result[key] = try value(field, expecting: attributes?[key]?.type)
        }
        return result
    }

    private static func untyped(_ json: JSONValue) throws(EntityFormatError) -> Value {
        switch json {
        case .bool(let value): return .bool(value)
        case .integer(let value): return .long(value)
        case .string(let value): return .string(value)
        case .array(let elements):
            return .set(Set(try elements.map { (item) throws(EntityFormatError) in try untyped(item) }))
        case .object(let fields):
            if let escaped = fields["__entity"], fields.count == 1 { return .entity(try entityUID(escaped)) }
            if let escaped = fields["__extn"], fields.count == 1 { return try extensionValue(escaped) }
            return .record(try record(fields, nil))
        case .null, .number:
            throw EntityFormatError("unsupported JSON value: null or a non-integer number")
        }
    }

    /// Reads `{"type": "T", "id": "x"}`, also accepting the `__entity` escape around it.
    static func entityUID(_ json: JSONValue) throws(EntityFormatError) -> EntityUID {
        guard let fields = json.object else { throw EntityFormatError("expected an entity reference object") }
        if let escaped = fields["__entity"] { return try entityUID(escaped) }
        guard let type = fields["type"]?.string, let id = fields["id"]?.string else {
            throw EntityFormatError("entity reference needs string `type` and `id`")
        }
        return EntityUID(type: EntityType(type), id: id)
    }

    private static func extensionValue(_ json: JSONValue) throws(EntityFormatError) -> Value {
        guard let fields = json.object, let function = fields["fn"]?.string else {
            throw EntityFormatError("extension value needs `fn` and `arg`")
        }
        if case .array(let arguments) = fields["args"] { return try extensionCall(function, arguments) }
        guard let argument = fields["arg"] else { throw EntityFormatError("extension value needs `arg`") }
        guard case .string(let text) = argument else { throw EntityFormatError("extension argument must be a string") }
        return try constructed(function, text)
    }

    /// Evaluates `{"fn": f, "args": [receiver, ...]}`: a constructor or an extension method on the first argument.
    private static func extensionCall(_ function: String, _ arguments: [JSONValue]) throws(EntityFormatError) -> Value {
        let values = try arguments.map { (item) throws(EntityFormatError) in try untyped(item) }
        if values.count == 1, case .string(let text) = values[0], Evaluator.construct(function, text) != nil {
            return try constructed(function, text)
        }
        guard let receiver = values.first, Parser.extensionArity[function] != nil else {
            throw EntityFormatError("unknown extension function `\(function)`")
        }
        do {
            return try Evaluator.extensionMethod(function, receiver, Array(values.dropFirst()))
        } catch {
            throw EntityFormatError("extension function `\(function)` failed: \(error.message)")
        }
    }

    private static func constructed(_ function: String, _ text: String) throws(EntityFormatError) -> Value {
        guard let value = Evaluator.construct(function, text) else {
            throw EntityFormatError("invalid argument to extension function `\(function)`")
        }
        return value
    }
}
