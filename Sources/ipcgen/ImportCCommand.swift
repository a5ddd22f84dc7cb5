import ArgumentParser
import Foundation
import IPCHeaderCheck

/// `ipcgen import-c <header>`: writes an `.ipcdef` for the structs and enums of an existing C header.
struct ImportCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-c",
        abstract: "Write an .ipcdef for the structs and enums declared in a C/C++ header.",
        discussion: """
            Imports fixed-width integers, float/double, bool, arrays, nested structs and enums; refuses pointers, \
            bitfields, unions, flexible array members and packed layouts with a message per member. The result is \
            verified against the header before it is written.
            """)

    @Argument(help: "The C or C++ header to import.")
    var header: String

    @OptionGroup var clang: ClangOptions

    @Option(help: "The package of the imported types, e.g. 'a.b' (default: inferred from <Type>_TYPE_NAME macros).")
    var package: String?

    @Option(name: .shortAndLong, help: "The .ipcdef file to write (default: standard output).")
    var output: String?

    func run() throws {
        let parsed = try clang.parse(header)
        let parser = clang.parser
        // Types from an included header become `import "<Header>.ipcdef"`; import that header the same way.
        let importer = CImporter(
            header: parsed, headerPath: header, package: package.map { $0.split(separator: ".").map(String.init) },
            parseIncludedHeader: { try parser.parse(path: $0) })
        let text: String
        do {
            text = try importer.importDefinitions()
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        if let output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } else {
            print(text, terminator: "")
        }
    }
}
