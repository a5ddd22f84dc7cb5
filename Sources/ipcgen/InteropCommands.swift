import ArgumentParser

extension IPCGen {
    /// The C interop subcommands (`c`, `check`, `import-c`).
    static let interopCommands: [any ParsableCommand.Type] = [CCommand.self, CheckCommand.self, ImportCCommand.self]
}
