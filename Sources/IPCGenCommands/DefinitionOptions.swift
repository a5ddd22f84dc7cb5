import ArgumentParser
import IPCCodeGen
import IPCDefinition
import Foundation

/// The definition files every subcommand reads, and the shared way of reporting their diagnostics.
public struct DefinitionOptions: ParsableArguments {
    /// The definition files named on the command line.
    @Argument(help: "The .ipcdef files to read (imports are followed).")
    public var files: [String]

    public init() {}

    /// Loads and checks the files, printing diagnostics to standard error and exiting with 1 on error.
    /// - Returns: The checked definitions.
    public func load() throws -> DefinitionSet {
        do {
            return try DefinitionLoader().load(paths: files)
        } catch {
            Diagnostics.print(error)
            throw ExitCode(1)
        }
    }
}

/// Prints diagnostics the way compilers do, so that SwiftPM and editors show them at their source location.
public enum Diagnostics {
    /// Prints `list` and a count of its errors to standard error.
    /// - Parameter list: The diagnostics.
    public static func print(_ list: DiagnosticList) {
        var text = list.description
        let errors = list.diagnostics.filter { $0.severity == .error }.count
        text += "\n\(errors) error\(errors == 1 ? "" : "s") generated.\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Writes generated files, creating the output folder.
public enum OutputWriter {
    /// Writes `files` into `directory`, leaving files whose contents did not change untouched.
    /// - Parameters:
    ///   - files: The rendered files.
    ///   - directory: The output folder, created if missing.
    public static func write(_ files: [RenderedFile], to directory: String) throws {
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
