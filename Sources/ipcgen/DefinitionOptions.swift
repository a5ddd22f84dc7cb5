import ArgumentParser
import IPCDefinition
import Foundation

/// The definition files every subcommand reads, and the shared way of reporting their diagnostics.
struct DefinitionOptions: ParsableArguments {
    @Argument(help: "The .ipcdef files to read (imports are followed).")
    var files: [String]

    /// Loads and checks the files, printing diagnostics to standard error and exiting with 1 on error.
    func load() throws -> DefinitionSet {
        do {
            return try DefinitionLoader().load(paths: files)
        } catch {
            Diagnostics.print(error)
            throw ExitCode(1)
        }
    }
}

/// Prints diagnostics the way compilers do, so that SwiftPM and editors show them at their source location.
enum Diagnostics {
    static func print(_ list: DiagnosticList) {
        var text = list.description
        let errors = list.diagnostics.filter { $0.severity == .error }.count
        text += "\n\(errors) error\(errors == 1 ? "" : "s") generated.\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Writes generated files, creating the output folder.
enum OutputWriter {
    static func write(_ files: [IPCCodeGenFile], to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in files {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(file.name)
            let data = Data(file.contents.utf8)
            // Leave an identical file untouched so that builds do not recompile what did not change.
            if let existing = try? Data(contentsOf: url), existing == data { continue }
            try data.write(to: url, options: .atomic)
        }
    }
}
