import ArgumentParser
import IPCGenCommands

/// `ipcgen`: generates Swift and C from `.ipcdef` definitions, prints layouts, and checks C headers.
@main
struct IPCGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipcgen",
        abstract: "Generate fixed-layout Swift and C types from .ipcdef definitions.",
        subcommands: [SwiftCommand.self, PythonCommand.self, CppCommand.self, LayoutCommand.self, ConformCommand.self] + IPCGen.interopCommands
    )
}
