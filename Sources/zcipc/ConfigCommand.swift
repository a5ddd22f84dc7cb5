import ArgumentParser
import ZeroCopyIPC
import ZeroCopyIPCTools

/// `zcipc config show | generate | explain KEY`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show, generate and explain the config file.",
        subcommands: [Show.self, Generate.self, Explain.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The config in effect, as TOML (or JSON).")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            try reporting {
                let config = try options.resolvedConfig()
                if options.json {
                    return try printJSON(
                        Dictionary(uniqueKeysWithValues: ConfigKey.all.map { ($0.key, $0.value(config)) }))
                }
                print(ConfigKey.toml(for: config), terminator: "")
            }
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A config file with every key at its built-in default, commented.")

        func run() throws { print(ConfigKey.toml(for: Config()), terminator: "") }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What a config key means and its default.")
        @Argument(help: "The dotted key, e.g. defaults.publish-subscribe.max-subscribers.") var key: String

        func run() throws {
            try reporting {
                guard let entry = ConfigKey.named(key) else {
                    let close = ConfigKey.all.filter { $0.key.hasSuffix(key) || $0.key.contains(key) }.map(\.key)
                    throw Failure(
                        message: "unknown config key '\(key)'"
                            + (close.isEmpty
                                ? "; `zcipc config generate` lists every key"
                                : "; did you mean \(close.joined(separator: ", "))?"),
                        code: ExitCodes.notFound)
                }
                print("\(entry.key): \(entry.summary) (default \(entry.value(Config())))")
            }
        }
    }
}
