#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Loads `.ipcdef` files and everything they import, checks them, and computes their C layouts.
///
/// ```swift
/// let definitions = try DefinitionLoader().load(paths: ["Definitions/Sensor.ipcdef"])
/// for structure in definitions.rootFiles[0].structures { print(structure.typeName, structure.layout.size) }
/// ```
/// Errors are collected across all files and thrown together as a ``DiagnosticList``.
public struct DefinitionLoader: Sendable {
    /// Reads a file's text; throws when the file cannot be read.
    public typealias ReadFile = @Sendable (String) throws -> String

    private let readFile: ReadFile

    /// Creates a loader.
    /// - Parameter readFile: How to read a file (the default reads from disk); tests pass in-memory sources.
    public init(readFile: @escaping ReadFile = DefinitionLoader.readFromDisk) {
        self.readFile = readFile
    }

    /// Creates a loader over in-memory sources, keyed by path.
    /// - Parameter sources: The text of every file that may be loaded or imported.
    public init(sources: [String: String]) {
        self.readFile = { path in
            guard let text = sources[path] else { throw CocoaLikeError("No such file or directory") }
            return text
        }
    }

    /// Reads a UTF-8 file from disk.
    /// - Parameter path: The file's path.
    /// - Returns: Its text.
    public static func readFromDisk(_ path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return String(decoding: data, as: UTF8.self)
    }

    /// Loads, checks and lays out the files at `paths` and their imports.
    /// - Parameter paths: The definition files, as given on a command line.
    /// - Returns: The checked model.
    /// - Throws: ``DiagnosticList`` with every error (and warning) found, when there is at least one error.
    public func load(paths: [String]) throws(DiagnosticList) -> DefinitionSet {
        var parsed: [String: FileSyntax] = [:]
        var order: [String] = []
        var imports: [String: [String]] = [:]
        var diagnostics: [Diagnostic] = []
        var visiting: Set<String> = []

        func visit(_ path: String, from location: SourceLocation?) {
            if parsed[path] != nil || visiting.contains(path) { return }
            let text: String
            do {
                text = try readFile(path)
            } catch {
                let message = "cannot read '\(path)': \(Self.reason(error))"
                diagnostics.append(.error(
                    message, at: location ?? SourceLocation(file: path, line: 1, column: 1)))
                return
            }
            visiting.insert(path)
            var parser = Parser(text: text, file: path)
            let syntax = parser.parseFile()
            diagnostics.append(contentsOf: parser.diagnostics)
            var resolved: [String] = []
            for item in syntax.imports {
                let target = Self.resolve(item.path, relativeTo: path)
                if target == path {
                    diagnostics.append(.error("a file cannot import itself", at: item.location))
                    continue
                }
                resolved.append(target)
                visit(target, from: item.location)
            }
            imports[path] = resolved
            parsed[path] = syntax
            order.append(path)
            visiting.remove(path)
        }

        for path in paths { visit(Self.normalize(path), from: nil) }
        var checker = Checker(
            files: order.map { parsed[$0]! }, rootPaths: paths.map(Self.normalize), importedPaths: imports)
        let (model, checkDiagnostics) = checker.check()
        diagnostics.append(contentsOf: checkDiagnostics)
        let unique = Self.deduplicated(diagnostics)
        guard let model, !unique.contains(where: { $0.severity == .error }) else { throw DiagnosticList(unique) }
        return model
    }

    private static func deduplicated(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen: Set<Diagnostic> = []
        return diagnostics.filter { seen.insert($0).inserted }
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? CocoaLikeError { return error.message }
        if let error = error as? CocoaError, error.code == .fileReadNoSuchFile { return "No such file or directory" }
        return "\(error)"
    }

    /// Resolves an import relative to the directory of the importing file.
    static func resolve(_ importPath: String, relativeTo importer: String) -> String {
        if importPath.hasPrefix("/") { return normalize(importPath) }
        let directory = importer.split(separator: "/", omittingEmptySubsequences: false).dropLast()
            .joined(separator: "/")
        return normalize(directory.isEmpty ? importPath : directory + "/" + importPath)
    }

    /// Removes `.` components and folds `dir/..`, keeping the path relative or absolute as it was.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == ".." && absolute {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}

/// The error an in-memory loader throws for a path it does not have.
struct CocoaLikeError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
