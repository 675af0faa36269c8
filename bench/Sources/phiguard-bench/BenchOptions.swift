import Foundation

/// Command-line options of `phiguard-bench`; every figure is bounded by one of them.
struct BenchOptions {
    /// Seconds each append measurement (ledger or peer) runs.
    var duration = 8.0
    /// Concurrent callers of `AuditLedger.record`.
    var callers = 64
    /// Entries in the synthetic tree the proof latency is measured on.
    var proofEntries = 10_000_000
    /// Random proofs timed (after as many warm-up proofs as a tenth of this).
    var proofSamples = 20_000
    /// Real entries recorded through the ledger for the verification figures.
    var verifyEntries = 1_000_000
    /// Sections to run: `openssl`, `sqlite`, `postgres`, `proof`, `verify`, `policy` (which needs a workload).
    var sections: Set<String> = ["openssl", "sqlite", "postgres", "proof", "verify"]
    /// The policy workload directory written by `bench/policy_workload.py`.
    var policyWorkload: String?
    /// The Python that runs the cedarpy peer (the test virtual environment's, where cedarpy is installed).
    var python = ".venv/bin/python"
    /// Requests the cedarpy peer decides (it takes about a millisecond each).
    var cedarpyRequests = 2_000
    /// Where to write `key value` lines for `bench/run.sh`, if anywhere.
    var resultsPath: String?

    static let usage = """
        usage: phiguard-bench [--duration SECONDS] [--callers N] [--entries N] [--proof-samples N]
                              [--verify-entries N] [--only openssl,sqlite,postgres,proof,verify,policy]
                              [--policy-workload DIR] [--python PATH] [--cedarpy-requests N] [--results FILE]
        """

    /// Parses `arguments` (without the program name).
    init(arguments: [String]) throws {
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            guard let value = remaining.popFirst() else { throw BenchFailure("\(flag) needs a value\n\(Self.usage)") }
            switch flag {
            case "--duration": duration = try Self.number(value, flag)
            case "--callers": callers = Int(try Self.number(value, flag))
            case "--entries": proofEntries = Int(try Self.number(value, flag))
            case "--proof-samples": proofSamples = Int(try Self.number(value, flag))
            case "--verify-entries": verifyEntries = Int(try Self.number(value, flag))
            case "--only": sections = Set(value.split(separator: ",").map(String.init))
            case "--results": resultsPath = value
            case "--policy-workload":
                policyWorkload = value
                if !arguments.contains("--only") { sections.insert("policy") }
            case "--python": python = value
            case "--cedarpy-requests": cedarpyRequests = Int(try Self.number(value, flag))
            default: throw BenchFailure("unknown option \(flag)\n\(Self.usage)")
            }
        }
    }

    private static func number(_ text: String, _ flag: String) throws -> Double {
        guard let value = Double(text.replacingOccurrences(of: "_", with: "")), value > 0 else {
            throw BenchFailure("\(flag) takes a positive number")
        }
        return value
    }
}

/// A benchmark that could not run, with the reason printed to standard error.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
