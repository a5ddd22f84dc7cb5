import ArgumentParser
import IPCDefinition
import IPCGenCommands

/// `ipcgen conform OLD.ipcdef NEW.ipcdef`: whether processes built from the new definition can share memory with
/// processes built from the old one, type by type.
struct ConformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conform",
        abstract: "Compare two versions of a definition: identical, compatible or breaking, per type.",
        discussion: """
            Types are matched by their cross-language type name. Compatible: the same size and alignment, every \
            old field unchanged, new fields only in bytes the old layout did not use (tail or other padding, or a \
            removed field named reserved…); enums, flags and unions may gain cases. Prints one line per type and one \
            per difference ('Reading.label: offset 12 → 16'); exits 0 only when every common type is compatible.
            """)

    @Argument(help: "The definition processes already run with.")
    var old: String

    @Argument(help: "The changed definition.")
    var new: String

    func run() throws {
        var oldOptions = DefinitionOptions()
        oldOptions.files = [old]
        var newOptions = DefinitionOptions()
        newOptions.files = [new]
        let report = LayoutConformance.compare(old: try oldOptions.load(), new: try newOptions.load())
        print(report.description)
        if !report.isCompatible { throw ExitCode(1) }
    }
}
