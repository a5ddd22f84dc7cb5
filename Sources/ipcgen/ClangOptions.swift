import ArgumentParser
import Foundation
import IPCHeaderCheck

extension HeaderParser.Language: ExpressibleByArgument {}

/// The options that say how libclang reads a header: language, include folders, macros.
struct ClangOptions: ParsableArguments {
    @Option(name: .customShort("I", allowingJoined: true), help: "Add a folder to the header search path.")
    var includeDirectories: [String] = []

    @Option(name: .customShort("D", allowingJoined: true), help: "Define a macro (NAME or NAME=value).")
    var macros: [String] = []

    @Option(help: "Parse the header as 'c' (C11) or 'c++' (C++17).")
    var language: HeaderParser.Language = .c

    /// A parser configured with these options.
    var parser: HeaderParser {
        HeaderParser(
            language: language,
            extraArguments: includeDirectories.flatMap { ["-I", $0] } + macros.map { "-D" + $0 })
    }

    /// Parses `path`, printing libclang's diagnostics and exiting with 1 when the header does not compile cleanly.
    func parse(_ path: String) throws -> CHeader {
        do {
            return try parser.parse(path: path)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}

/// Writes `text` and a newline to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
