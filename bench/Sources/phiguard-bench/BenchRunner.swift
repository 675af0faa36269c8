import Foundation
import PHIGuardStore

/// Runs the selected sections in a fixed order and prints the summary.
struct BenchRunner {
    let options: BenchOptions
    let report = BenchReport()

    func run() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        emit("phiguard-bench on \(cores) cores, \(options.duration) s per append run, \(options.callers) callers")
        if options.sections.contains("openssl") {
            let rate = OpenSSLSpeed.sha256HashesPerSecond
            report.add(
                BenchLine(
                    key: "sha256_64", label: "SHA-256 of 64-byte inputs, one core (hashing limit)",
                    value: rate, unit: "hashes/s", peerLabel: "openssl speed -evp sha256 -bytes 64 -seconds 3",
                    peerValue: rate))
        }
        // The decision figures are CPU-bound latencies: they are taken before the ledger sections leave the
        // kernel writing back and discarding gigabytes of databases.
        if options.sections.contains("policy") {
            try PolicyBench(options: options, report: report).run()
        }
        for backend in [BenchStores.Backend.sqlite, .postgres] where options.sections.contains(backend.section) {
            try withStores(backend) { try AppendBench(stores: $0, options: options, report: report).run() }
        }
        if options.sections.contains("proof") {
            try withStores(.sqlite) { try ProofBench(stores: $0, options: options, report: report).run() }
        }
        if options.sections.contains("verify") {
            try withStores(.sqlite) { try VerifyBench(stores: $0, options: options, report: report).run() }
        }
        report.printSummary()
        if let path = options.resultsPath { try report.write(to: path) }
    }

    /// Opens stores of one backend for `body` and removes them (and stops PostgreSQL) whatever happens.
    private func withStores(_ backend: BenchStores.Backend, _ body: (BenchStores) throws -> Void) throws {
        // What the previous section wrote reaches the disk before this one starts timing.
        sync()
        let stores = try BenchStores(backend)
        defer { stores.close() }
        try body(stores)
    }
}
