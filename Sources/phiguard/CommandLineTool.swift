import Foundation
import PHIGuardCore
import PHIGuardCrypto
import PHIGuardHTTP
import PHIGuardIdentity
import PHIGuardServer

/// The `phiguard` commands.
enum CommandLineTool {
    static let usage = """
        Usage: phiguard <command> [options]

        Commands:
          serve                 start the server (creates the instance on first start)
          init                  create the instance (data directory, keys, bootstrap administrator) and exit
          config show           print the effective configuration, secrets masked
          token create          create an API token: --name NAME --scope SCOPE [--scope ...] [--expires-days N]
          token list            list API tokens (never their secrets)
          token revoke ID       revoke an API token
          ledger verify         recompute the audit ledger from the store and check every entry and checkpoint
                                [--key VKEY] [--tree-only] [--json]; exit 1 names the first bad index
          ledger verify-proof   check a proof with only the public key: --key VKEY --checkpoint FILE and
                                --inclusion FILE [--entry FILE], or --consistency FILE --old-checkpoint FILE
          ledger checkpoint     sign a checkpoint of the current tree now and print it
          ledger prune          drop events past retention, keeping hashes [--dry-run] [--json]
          ledger hold add|list|release   legal holds: --reason R and --patient P, --user U or
                                --from-index A --to-index B
          policy validate       check Cedar policies against a schema: --policies FILE --schema FILE;
                                prints FILE:line:column: policyN: message per problem, exit 1 when any
          policy authorize      decide requests offline: --policies FILE --entities FILE [--schema FILE] and
                                --principal 'T::"id"' --action 'Action::"a"' --resource 'T::"id"' [--context FILE]
                                or --requests FILE.jsonl; one JSON line per request; exit 1 names file:line:column
          policy pack           write the HIPAA policy pack (the default policies) to --out DIR as
                                hipaa.cedarschema and hipaa.cedar, to edit and store as a new version
          breach plan           decide whether a breach case is reportable and print every notice's deadline as
                                JSON: --input CASE.json [--today YYYY-MM-DD]; exit 1 names the file and each bad field
          version               print the version
          help                  print this help

        Settings (each also from PHIGUARD_<NAME> in the environment or a JSON file given by --config):
        \(Settings.keys.map { "  \($0.flagName.padding(toLength: 26, withPad: " ", startingAt: 0))\($0.summary)" }
            .joined(separator: "\n"))
          --config FILE             JSON config file (default <data>/config.json when present)

        Exit status: 0 success, 1 failure, 64 usage error.
        """

    /// Runs a command and returns the process exit status.
    static func run(_ words: [String]) -> Int32 {
        do {
            let arguments = try Arguments(words)
            let command = arguments.positional.first ?? "help"
            switch command {
            case "help", "--help": print(usage)
            case "version": print("phiguard \(PHIGuardVersion.current)")
            case "serve": try ServeCommand.run(arguments)
            case "init": try InitCommand.run(arguments)
            case "config": try ConfigCommand.run(arguments)
            case "token": try TokenCommand.run(arguments)
            case "ledger": try LedgerCommand.run(arguments)
            case "policy": try PolicyCommand.run(arguments)
            case "breach": try BreachCommand.run(arguments)
            default: throw UsageError("unknown command \(command)")
            }
            return 0
        } catch let status as ExitStatus {
            return status.code
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("phiguard: \(error.message) (see 'phiguard help')\n".utf8))
            return 64
        } catch {
            FileHandle.standardError.write(Data("phiguard: \(error)\n".utf8))
            return 1
        }
    }

    /// Settings from flags and the environment.
    static func settings(_ flags: [String: String]) throws -> Settings {
        try Settings.load(flags: flags, environment: ProcessInfo.processInfo.environment)
    }

    /// The logger every command writes through: JSON lines on stderr.
    static func logger(_ settings: Settings) -> Logger {
        Logger(label: "phiguard", level: settings.logLevel, sink: JSONLineLogSink())
    }

    /// A logger for one-shot commands: warnings and worse only.
    static func quietLogger(_ settings: Settings) -> Logger {
        var logger = Self.logger(settings)
        logger.level = max(logger.level, .warning)
        return logger
    }

    /// Prints the bootstrap administrator's one-time password on the terminal, the only place it ever appears.
    static func announce(bootstrapPassword: String?) {
        guard let bootstrapPassword else { return }
        print(
            """

            =========================================================             PHIGuard instance created. Bootstrap administrator:
               username: admin
               one-time password: \(bootstrapPassword)
             It is shown once and must be changed at first sign-in.
            =========================================================
            """)
        fflush(nil)
    }
}
