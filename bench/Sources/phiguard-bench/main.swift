import Foundation

/// phiguard-bench: the ledger's acceptance figures, each beside a peer measured in the same run.
/// See bench/README.md for what each line measures.
do {
    let options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
    try BenchRunner(options: options).run()
} catch {
    FileHandle.standardError.write(Data("phiguard-bench: \(error)\n".utf8))
    exit(1)
}
