import Foundation
import PHIGuardPolicy

/// Cedar decisions in-process on one core: the HIPAA pack plus generated site policies over a generated
/// directory (`bench/policy_workload.py`), beside cedarpy deciding the same requests with its batch API in the
/// same run (`bench/policy_cedarpy.py`, which also checks that both engines agree on every decision).
struct PolicyBench {
    let options: BenchOptions
    let report: BenchReport

    func run() throws {
        guard let directory = options.policyWorkload else {
            throw BenchFailure("--only policy needs --policy-workload DIR (written by bench/policy_workload.py)")
        }
        let workload = try Workload(directory: directory)
        BenchReport.note(
            "policy: \(workload.policies.policies.count) policies, \(workload.entityCount) entities, "
                + "\(workload.requests.count) requests")
        let authorizer = Authorizer()
        // The warm-up pass also writes every decision for the agreement check against cedarpy.
        var decisions = ""
        for request in workload.requests {
            decisions += Self.line(
                authorizer.isAuthorized(request, policies: workload.policies, entities: workload.entities))
        }
        let decisionsPath = URL(fileURLWithPath: directory).appendingPathComponent("phiguard-decisions.jsonl").path
        try decisions.write(toFile: decisionsPath, atomically: true, encoding: .utf8)

        var latencies: [Double] = []
        latencies.reserveCapacity(workload.requests.count * 3)
        for _ in 0..<3 {
            for request in workload.requests {
                latencies.append(
                    seconds {
                        _ = authorizer.isAuthorized(request, policies: workload.policies, entities: workload.entities)
                    })
            }
        }
        latencies.sort()
        var decided = 0
        let elapsed = seconds {
            let deadline = ContinuousClock.now + .seconds(options.duration / 2)
            while ContinuousClock.now < deadline {
                for request in workload.requests {
                    _ = authorizer.isAuthorized(request, policies: workload.policies, entities: workload.entities)
                }
                decided += workload.requests.count
            }
        }
        let rate = Double(decided) / elapsed
        let peer = try cedarpy(directory: directory, compare: decisionsPath)
        let generated =
            workload.policies.policies.count - (try PolicySet(text: HIPAAPolicyPack.policies)).policies.count
        let shape = "pack + \(generated) policies, \(format(Double(workload.entityCount))) entities"
        for (name, quantile) in [("p50", 0.50), ("p99", 0.99)] {
            report.add(
                BenchLine(
                    key: "policy_\(name)_us", label: "Cedar decision \(name), \(shape)",
                    value: percentile(latencies, quantile) * 1e6, unit: "us",
                    peerLabel: "cedarpy is_authorized_batch, mean per decision", peerValue: peer.microseconds,
                    goal: name == "p99" ? .atMost(20) : .none))
        }
        report.add(
            BenchLine(
                key: "policy_decisions_per_s", label: "Cedar decisions/s on one core, \(shape)", value: rate,
                unit: "dec/s", peerLabel: "cedarpy is_authorized_batch, pre-parsed, same requests",
                peerValue: peer.rate, goal: .ratioAtLeast(20)))
    }

    /// Runs the cedarpy peer over the first requests of the workload (it takes about a millisecond each).
    private func cedarpy(directory: String, compare: String) throws -> (rate: Double, microseconds: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: options.python)
        process.arguments = [
            "bench/policy_cedarpy.py", "--workload", directory, "--requests", String(options.cedarpyRequests),
            "--compare", compare,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fields = String(decoding: data, as: UTF8.self).split(separator: " ")
        guard process.terminationStatus == 0, fields.count == 3, fields[0] == "cedarpy",
            let rate = Double(fields[1]),
            let microseconds = Double(fields[2].trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            throw BenchFailure("the cedarpy peer failed or disagreed (exit \(process.terminationStatus))")
        }
        return (rate, microseconds)
    }

    private func percentile(_ sorted: [Double], _ quantile: Double) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * quantile))]
    }

    /// The decision and determining policies as one JSON line, as `phiguard policy authorize` prints them.
    private static func line(_ response: Response) -> String {
        let reasons = response.reasons.map { "\"\($0)\"" }.joined(separator: ", ")
        return "{\"decision\": \"\(response.decision.rawValue)\", \"reasons\": [\(reasons)]}\n"
    }
}

/// The files `bench/policy_workload.py` wrote, read with the schema as the server reads them.
private struct Workload {
    let policies: PolicySet
    let entities: Entities
    let entityCount: Int
    let requests: [Request]

    init(directory: String) throws {
        func read(_ name: String) throws -> Data {
            try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
        }
        let schema = try Schema(text: String(decoding: try read("schema.cedarschema"), as: UTF8.self))
        policies = try PolicySet(text: String(decoding: try read("policies.cedar"), as: UTF8.self))
        let entityJSON = try read("entities.json")
        entities = try Entities(json: entityJSON, schema: schema)
        entityCount = (try JSONSerialization.jsonObject(with: entityJSON) as? [Any])?.count ?? 0
        var requests: [Request] = []
        for line in try read("requests.jsonl").split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw BenchFailure("requests.jsonl: a line is not an object")
            }
            func uid(_ key: String) throws -> EntityUID {
                guard let fields = object[key] as? [String: String], let type = fields["type"], let id = fields["id"]
                else { throw BenchFailure("requests.jsonl: bad \(key)") }
                return EntityUID(type, id)
            }
            let action = try uid("action")
            let context = try JSONSerialization.data(withJSONObject: object["context"] ?? [String: Any]())
            requests.append(
                Request(
                    principal: try uid("principal"), action: action, resource: try uid("resource"),
                    context: try Request.context(json: context, action: action, schema: schema)))
        }
        self.requests = requests
    }
}
