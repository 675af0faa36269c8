import Foundation
import PHIGuardPolicy

/// `phiguard policy validate|authorize`: checks Cedar policies against a schema and answers authorization
/// requests offline, from files, with the same engine the server uses.
enum PolicyCommand {
    /// Runs the subcommand named after `policy`.
    static func run(_ arguments: Arguments) throws {
        switch arguments.positional.dropFirst().first {
        case "validate": try validate(arguments)
        case "authorize": try authorize(arguments)
        case "pack": try pack(arguments)
        default: throw UsageError("expected 'policy validate', 'policy authorize' or 'policy pack'")
        }
    }

    /// Prints each validation problem at the start of its policy; exit 1 when there is any.
    private static func validate(_ arguments: Arguments) throws {
        let options = try options(arguments, allowed: ["--policies", "--schema"], positional: 2)
        let policyFile = try required(options, "--policies")
        let schema = try PolicyInputs.schema(try required(options, "--schema"))
        let policies = try PolicyInputs.policies(policyFile)
        let problems = Validator(schema: schema).validate(policies)
        for problem in problems {
            let policy = policies.policies[problem.policyID] ?? policies.templates[problem.policyID]
            let location = policy.map { "\($0.location.line):\($0.location.column)" } ?? "1:1"
            print("\(policyFile):\(location): \(name(of: problem.policyID, policy)): \(problem.message)")
        }
        guard problems.isEmpty else { throw ExitStatus(code: 1) }
        print("valid")
    }

    /// Writes the HIPAA policy pack, the default a new instance activates, as `hipaa.cedarschema` and
    /// `hipaa.cedar` in a directory, to be edited and stored as a new policy version.
    private static func pack(_ arguments: Arguments) throws {
        let options = try options(arguments, allowed: ["--out"], positional: 2)
        let directory = URL(fileURLWithPath: try required(options, "--out"), isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in [("hipaa.cedarschema", HIPAAPolicyPack.schema), ("hipaa.cedar", HIPAAPolicyPack.policies)] {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
            print(directory.appendingPathComponent(name).path)
        }
    }

    /// The policy id, with its `@id` annotation when it has one.
    private static func name(of id: String, _ policy: Policy?) -> String {
        guard let annotated = policy?.annotations["id"] else { return id }
        return "\(id) (@id \(Value.string(annotated)))"
    }

    /// Decides one request given by options, or every request of a JSON Lines file, printing one line each.
    private static func authorize(_ arguments: Arguments) throws {
        let requestOptions = ["--principal", "--action", "--resource", "--context"]
        let options = try options(
            arguments, allowed: Set(["--policies", "--entities", "--schema", "--requests"] + requestOptions),
            positional: 2)
        let policies = try PolicyInputs.policies(try required(options, "--policies"))
        let schema = try options["--schema"].map { (file) throws(PolicyInputError) in try PolicyInputs.schema(file) }
        let entities = try PolicyInputs.entities(try required(options, "--entities"), schema: schema)
        let requests: [Request]
        if let file = options["--requests"] {
            if let extra = requestOptions.first(where: { options[$0] != nil }) {
                throw UsageError("\(extra) cannot be combined with --requests")
            }
            requests = try PolicyRequestLines.read(file, schema: schema)
        } else {
            guard ["--principal", "--action", "--resource"].allSatisfy({ options[$0] != nil }) else {
                throw UsageError("give --principal, --action and --resource, or --requests FILE")
            }
            requests = [try request(options, schema: schema)]
        }
        let authorizer = Authorizer()
        var output = ""
        for request in requests {
            output += line(authorizer.isAuthorized(request, policies: policies, entities: entities))
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    private static func request(_ options: [String: String], schema: Schema?) throws -> Request {
        func uid(_ name: String) throws -> EntityUID {
            let text = try required(options, name)
            do {
                return try PolicyEntityUIDParser.parse(text)
            } catch {
                throw UsageError("\(name): \(error.message) at column \(error.location.column)")
            }
        }
        let action = try uid("--action")
        var request = Request(principal: try uid("--principal"), action: action, resource: try uid("--resource"))
        if let file = options["--context"] {
            request.context = try PolicyInputs.context(file, action: action, schema: schema)
        }
        return request
    }

    /// `{"decision": ..., "reasons": [...], "errors": [...]}` and a newline; keys in a fixed order for diffing.
    static func line(_ response: Response) -> String {
        func list(_ ids: [String]) -> String { "[" + ids.map(jsonString).joined(separator: ", ") + "]" }
        return "{\"decision\": \"\(response.decision.rawValue)\", \"reasons\": \(list(response.reasons)), "
            + "\"errors\": \(list(response.errors))}\n"
    }

    /// A JSON string literal; policy ids are `policyN` today, but linked templates may carry any id.
    private static func jsonString(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                output += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    /// The command's options, refusing any other option (settings mean nothing here) and extra words.
    private static func options(
        _ arguments: Arguments,
        allowed: Set<String>,
        positional: Int
    ) throws -> [String: String] {
        if let unknown = arguments.options.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw UsageError("unknown option \(unknown)")
        }
        if let repeated = arguments.repeated.first(where: { $0.value.count > 1 })?.key {
            throw UsageError("\(repeated) given more than once")
        }
        guard arguments.positional.count == positional else {
            throw UsageError("unexpected argument \(arguments.positional.dropFirst(positional).first ?? "")")
        }
        return arguments.options
    }

    private static func required(_ options: [String: String], _ name: String) throws -> String {
        guard let value = options[name] else { throw UsageError("\(name) is required") }
        return value
    }
}
