import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardLedger

extension ServerContext {
    /// Records a `config.change` event when the effective configuration differs from the one the last start
    /// recorded. The event names the changed settings, never secret values.
    func recordConfigurationIfChanged() throws {
        let current = settings.configuration.entries.map { entry -> (String, String) in
            let value =
                entry.key.isSecret ? (entry.value.map { SHA256.hash(Array($0.utf8)).hex } ?? "") : (entry.value ?? "")
            return (entry.key.name, value)
        }
        let text = current.map { "\($0.0)=\($0.1)" }.joined(separator: "\n")
        let previous = try store.read { connection in
            try connection.first("SELECT value FROM instance_values WHERE name = 'configuration'")?.bytes("value")
        }
        guard previous != Array(text.utf8) else { return }
        let before = Dictionary(
            (previous.map { String(decoding: $0, as: UTF8.self) } ?? "").split(separator: "\n").map { line in
                let parts = line.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }, uniquingKeysWith: { first, _ in first })
        let changed = current.filter { before[$0.0] != $0.1 }.map(\.0)
        try recordAdministrative(
            .configChange, eventClass: .administration, actor: "phiguard",
            details: ["changed_settings": changed.joined(separator: ",")])
        try store.write { connection in
            try connection.execute("DELETE FROM instance_values WHERE name = 'configuration'")
            try connection.execute(
                "INSERT INTO instance_values (name, value) VALUES ('configuration', \(Array(text.utf8)))")
        }
    }
}
