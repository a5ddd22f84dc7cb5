import ArgumentParser
import IPCGenCommands

/// `ipcgen-swift`: the Swift generator alone, for IPCGenPlugin. Unlike `ipcgen` it does not link libclang (the C
/// header checker and importer need it), so a package that applies the plugin builds without `libclang-dev`.
@main
struct IPCGenSwift: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipcgen-swift",
        abstract: "Generate fixed-layout Swift types from .ipcdef definitions (the build plugin's generator).",
        subcommands: [SwiftCommand.self]
    )
}
