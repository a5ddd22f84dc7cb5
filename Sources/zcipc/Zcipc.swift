import ArgumentParser
import Foundation
import ZeroCopyIPC
import ZeroCopyIPCTools

/// `zcipc`: see and operate a running ZeroCopyIPC system.
///
/// Exit codes (``ExitCodes``): 0 success; 1 an error (unreadable config, bad JSON or value, a service that cannot be
/// opened); 2 the node, service or config key asked for does not exist; 3 `--timeout` passed before what was asked
/// arrived; 64 a usage error (unknown option or subcommand). Ctrl-C (SIGINT) or SIGTERM ends a waiting command
/// cleanly with 0.
@main
struct Zcipc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zcipc",
        abstract: "See and operate a running ZeroCopyIPC system: nodes, services, payloads by field, cleanup, config.",
        discussion: """
            EXIT CODES
              0   success (also when Ctrl-C or SIGTERM ends a waiting command)
              1   error: unreadable config, bad JSON, a value that does not fit its field, a service that cannot \
            be opened, a port that cannot be created
              2   the node, service (of the pattern the command needs) or config key does not exist
              3   --timeout passed before what was asked arrived (fewer than --count samples, events or reports, \
            or none at all; a response stream that did not end; subscribers or a server that did not come)
              64  usage error (unknown option or subcommand, an option out of range)

            Shell completions: zcipc --generate-completion-script bash|zsh|fish.
            """,
        subcommands: [NodeCommand.self, ServiceCommand.self, CleanupCommand.self, ConfigCommand.self])
}

/// The options every subcommand takes: which config (and so which root folder and prefix) to look at.
struct GlobalOptions: ParsableArguments {
    @Option(help: "A config file (default: discovered as the library does, or ZEROCOPYIPC_CONFIG).")
    var config: String?

    @Option(help: "Overrides the config's root folder (global.root-path).")
    var root: String?

    @Option(help: "Overrides the config's prefix (global.prefix).")
    var prefix: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    /// The config to inspect.
    func resolvedConfig() throws -> Config {
        var config: Config
        do {
            if let path = self.config { config = try Config.load(from: path) } else { config = try Config.discover() }
        } catch {
            throw Failure(message: "\(error)")
        }
        if let root { config.rootPath = root }
        if let prefix { config.prefix = prefix }
        return config
    }

    var inventory: Inventory { get throws { Inventory(config: try resolvedConfig()) } }
}

/// An error the tool reports as `zcipc: error: …` with its exit code.
struct Failure: Error, CustomStringConvertible {
    var message: String
    var code: Int32 = 1
    var description: String { message }
}

extension ParsableCommand {
    /// Prints `value` as JSON (sorted keys, one line per listing).
    func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Runs `body`, turning a ``Failure`` into its message on standard error and its exit code.
    func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as Failure {
            FileHandle.standardError.write(Data("zcipc: error: \(failure.message)\n".utf8))
            throw ExitCode(failure.code)
        }
    }
}
