import Foundation
import Synchronization

/// The hashing limit: `openssl speed -evp sha256 -bytes 64 -seconds 3`, run once per bench run.
enum OpenSSLSpeed {
    private static let measured = Mutex<Double?>(nil)

    /// SHA-256 hashes of 64-byte inputs per second on one core, measured on first use.
    static var sha256HashesPerSecond: Double {
        measured.withLock { value in
            if let value { return value }
            let rate = (try? measure()) ?? 0
            value = rate
            return rate
        }
    }

    /// Parses the `Doing sha256 ops for 3s on 64 size blocks: N sha256 ops in 3.00s` line.
    static func measure() throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["speed", "-evp", "sha256", "-bytes", "64", "-seconds", "3"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("Doing") {
            let words = line.split(separator: " ")
            guard let colon = words.firstIndex(where: { $0.hasSuffix(":") }), colon + 4 < words.count,
                let ops = Double(words[colon + 1]), let time = Double(words[colon + 4].dropLast())
            else { continue }
            return ops / time
        }
        throw BenchFailure("could not read the openssl speed output")
    }
}
