extension Typechecker {
    private static let extensionMethods:
        [String: (receiver: String, arguments: [ValidatorType], result: ValidatorType)] = [
            "lessThan": ("decimal", [.extension("decimal")], .bool(nil)),
            "lessThanOrEqual": ("decimal", [.extension("decimal")], .bool(nil)),
            "greaterThan": ("decimal", [.extension("decimal")], .bool(nil)),
            "greaterThanOrEqual": ("decimal", [.extension("decimal")], .bool(nil)),
            "isIpv4": ("ipaddr", [], .bool(nil)), "isIpv6": ("ipaddr", [], .bool(nil)),
            "isLoopback": ("ipaddr", [], .bool(nil)), "isMulticast": ("ipaddr", [], .bool(nil)),
            "isInRange": ("ipaddr", [.extension("ipaddr")], .bool(nil)),
            "offset": ("datetime", [.extension("duration")], .extension("datetime")),
            "durationSince": ("datetime", [.extension("datetime")], .extension("duration")),
            "toDate": ("datetime", [], .extension("datetime")), "toTime": ("datetime", [], .extension("duration")),
            "toMilliseconds": ("duration", [], .long), "toSeconds": ("duration", [], .long),
            "toMinutes": ("duration", [], .long), "toHours": ("duration", [], .long), "toDays": ("duration", [], .long),
        ]

    mutating func method(_ receiver: Expression, _ name: String, _ arguments: [Expression]) -> ValidatorType? {
        switch name {
        case "contains", "containsAll", "containsAny", "isEmpty": return setMethod(receiver, name, arguments)
        case "getTag", "hasTag": return tagMethod(receiver, name, arguments)
        default: break
        }
        guard let signature = Self.extensionMethods[name], signature.arguments.count == arguments.count else {
            return fail("wrong arguments to `\(name)`")
        }
        guard expect(receiver, .extension(signature.receiver)) else { return nil }
        for (argument, type) in zip(arguments, signature.arguments) where !expect(argument, type) { return nil }
        return signature.result
    }

    private mutating func setMethod(_ receiver: Expression, _ name: String, _ arguments: [Expression]) -> ValidatorType?
    {
        guard case .set(let element)? = check(receiver) else { return fail("`\(name)` needs a set") }
        guard let argument = arguments.first else { return .bool(nil) }
        guard let argumentType = check(argument) else { return nil }
        let compatible: Bool
        if name == "contains" {
            compatible = element.map { $0.join(argumentType) != nil } ?? true
        } else {
            compatible = ValidatorType.set(element).join(argumentType) != nil
        }
        return compatible ? .bool(nil) : fail("`\(name)` argument type does not match the set")
    }

    private mutating func tagMethod(_ receiver: Expression, _ name: String, _ arguments: [Expression]) -> ValidatorType?
    {
        guard case .entity(let type)? = check(receiver) else { return fail("`\(name)` needs an entity") }
        guard let key = arguments.first, expect(key, .string) else { return nil }
        guard let tags = schema.entityTypes[type]?.tags else {
            return name == "hasTag" ? .bool(false) : fail("entity type \(type) has no tags")
        }
        if name == "hasTag" { return .bool(nil) }
        guard case .literal(.string(let literal)) = key,
            capabilities.contains(Capability(base: receiver, name: literal, isTag: true))
        else { return fail("tag is read without a `hasTag` test") }
        return ValidatorType(tags)
    }

    mutating func call(_ name: String, _ arguments: [Expression]) -> ValidatorType? {
        guard arguments.count == 1, case .literal(.string(let text)) = arguments[0] else {
            return fail("`\(name)` needs one string literal")
        }
        guard let value = Evaluator.construct(name, text) else { return fail("invalid literal for `\(name)`") }
        return ValidatorType(value.extensionTypeName.map { SchemaType.extension($0) } ?? .string)
    }
}
