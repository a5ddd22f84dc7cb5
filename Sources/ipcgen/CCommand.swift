import ArgumentParser
import IPCGenCommands
import Foundation
import IPCCodeGen
import IPCDefinition

/// `ipcgen c <files…> -o <dir>`: one C11/C++17 header per definition file (imports included).
struct CCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "c",
        abstract: "Generate C11/C++17 headers (one per definition file, imported files included).",
        discussion: """
            Each header declares the file's structs with explicit padding, `string<N>`/`vec<T, N>` as shared \
            zcipc_* structs, enums as fixed-width integers with named constants, the type name and fingerprint as \
            macros, and static assertions on every size, alignment and offset.
            """)

    @OptionGroup var definitions: DefinitionOptions

    @Option(name: .shortAndLong, help: "The folder to write the headers to.")
    var output: String

    @Option(help: "The folder that output names are relative to (sub/Sensor.ipcdef → sub_Sensor.h).")
    var base: String?

    func run() throws {
        let model = try definitions.load()
        let files = CHeaderRenderer(definitions: model, baseDirectory: base).renderAll()
        try OutputWriter.write(files, to: output)
    }
}
