import Foundation
import PHIGuardLedger
import Testing

/// Writes sample outputs for `Tests/e2e/test_export_formats.py`, which validates them with `fhir.resources`
/// and `syslog-rfc5424-parser`: `<repository>/build-output/export-samples/` (git-ignored), rewritten each run.
@Suite("Export samples")
struct ExportSamplesTests {
    static let directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("build-output/export-samples")

    @Test("Samples of every format are written for the Python validators")
    func writeSamples() throws {
        let manager = FileManager.default
        try? manager.removeItem(at: Self.directory)
        try manager.createDirectory(at: Self.directory, withIntermediateDirectories: true)
        let entries = try ExportFixtures.entries()
        let product = OCSFMapper.Product(vendorName: "PHIGuard", version: "1")

        var ocsf: [UInt8] = []
        var syslog = ""
        for entry in entries {
            let event = try #require(entry.event)
            let name = "fhir-\(entry.index)-\(event.action.rawValue).json"
            let resource = try #require(FHIRAuditEventMapper.resource(from: entry))
            try Data(resource).write(to: Self.directory.appendingPathComponent(name))
            ocsf += try #require(OCSFMapper.event(from: entry, product: product)) + [0x0A]
            syslog += Syslog5424.message(for: entry, hostname: "node-1", appName: "phiguard") + "\n"
        }
        try Data(ocsf).write(to: Self.directory.appendingPathComponent("ocsf.jsonl"))
        try Data(syslog.utf8).write(to: Self.directory.appendingPathComponent("syslog.txt"))
        #expect(try manager.contentsOfDirectory(atPath: Self.directory.path).count == entries.count + 2)
    }
}
