import CClang

/// Reads a C or C++ header with libclang and returns the layout of every struct, enum and typedef in it.
///
/// The layout numbers are clang's own (`sizeof`, `_Alignof`, `offsetof`), so they are what a C compiler for this
/// machine produces. Declarations in system headers are skipped. Any libclang diagnostic is an error: a header that
/// does not compile cleanly has no layout anyone should trust.
public struct HeaderParser: Sendable {
    /// The language a header is parsed as.
    public enum Language: String, Sendable, CaseIterable {
        /// `-x c -std=c11`.
        case c
        /// `-x c++ -std=c++17`.
        case cxx = "c++"

        /// The compiler arguments that select the language.
        var arguments: [String] {
            switch self {
            case .c: ["-x", "c", "-std=c11"]
            case .cxx: ["-x", "c++", "-std=c++17"]
            }
        }
    }

    /// The language the header is parsed as.
    public var language: Language
    /// Extra compiler arguments, such as `-I dir` and `-D NAME=value`, passed through to clang.
    public var extraArguments: [String]

    /// Creates a parser.
    /// - Parameters:
    ///   - language: C11 (default) or C++17.
    ///   - extraArguments: Arguments passed to clang after the language options (`-I…`, `-D…`).
    public init(language: Language = .c, extraArguments: [String] = []) {
        self.language = language
        self.extraArguments = extraArguments
    }

    /// Parses the header at `path`.
    /// - Parameter path: The header's path.
    /// - Returns: Every struct, enum and typedef outside system headers, in declaration order.
    /// - Throws: ``HeaderParseError`` when clang cannot parse the file, reports any diagnostic, or cannot lay out
    ///   a type.
    public func parse(path: String) throws(HeaderParseError) -> CHeader {
        let index = clang_createIndex(0, 0)
        defer { clang_disposeIndex(index) }
        let arguments = language.arguments + extraArguments
        var unit: CXTranslationUnit?
        let status = withCStrings(arguments) { argv in
            clang_parseTranslationUnit2(
                index, path, argv.baseAddress, Int32(argv.count), nil, 0,
                CXTranslationUnit_DetailedPreprocessingRecord.rawValue, &unit)
        }
        guard status == CXError_Success, let unit else {
            throw .cannotParse(path: path, reason: "libclang error \(status.rawValue)")
        }
        defer { clang_disposeTranslationUnit(unit) }
        let diagnostics = Self.diagnostics(of: unit)
        if !diagnostics.isEmpty { throw .diagnostics(diagnostics) }
        var collector = DeclarationCollector(unit: unit)
        collector.walk(clang_getTranslationUnitCursor(unit))
        return try collector.header()
    }

    /// Every diagnostic libclang produced, formatted like a compiler (`file:line:col: error: …`).
    private static func diagnostics(of unit: CXTranslationUnit) -> [String] {
        var lines: [String] = []
        for position in 0..<clang_getNumDiagnostics(unit) {
            let diagnostic = clang_getDiagnostic(unit, position)
            defer { clang_disposeDiagnostic(diagnostic) }
            guard clang_getDiagnosticSeverity(diagnostic) != CXDiagnostic_Ignored else { continue }
            let options = CXDiagnostic_DisplaySourceLocation.rawValue | CXDiagnostic_DisplayColumn.rawValue
            lines.append(clang_formatDiagnostic(diagnostic, options).consumed)
        }
        return lines
    }
}

/// Calls `body` with a C `argv` for `strings`; the pointers are valid only inside `body`.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) }
    return pointers.withUnsafeBufferPointer(body)
}

#if canImport(Glibc)
import Glibc
#endif
