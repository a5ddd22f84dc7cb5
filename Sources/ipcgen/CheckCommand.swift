import ArgumentParser
import IPCGenCommands
import IPCDefinition
import IPCHeaderCheck

/// `ipcgen check <header> <files…>`: proves that a C header and definitions describe the same bytes.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare a C/C++ header's structs with the definitions (size, alignment, every field).",
        discussion: """
            Each struct and enum of the definition files is looked up in the header by its C name (a.b.Type → \
            a_b_Type, or its @c_name("…")) or by --map. Prints one line per mismatch, e.g. 'a.b.Type.field: \
            offset 12 in header, 16 in definition', then a summary. Exits 0 only when everything matches. Any libclang diagnostic in the \
            header is an error.
            """)

    @Argument(help: "The C or C++ header to check.")
    var header: String

    @OptionGroup var definitions: DefinitionOptions

    @OptionGroup var clang: ClangOptions

    @Option(help: "The header's name for a definition type: --map a.b.Type=c_name (repeatable).")
    var map: [String] = []

    func run() throws {
        var mapping: [String: String] = [:]
        for entry in map {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--map expects Type=c_name, got '\(entry)'")
            }
            mapping[parts[0]] = parts[1]
        }
        let model = try definitions.load()
        let parsed = try clang.parse(header)
        let report = LayoutComparator(definitions: model, header: parsed, mapping: mapping).compare()
        print(report.description)
        if !report.matches { throw ExitCode(1) }
    }
}
