/// Builds generated source text line by line with consistent indentation; the only place renderers make text.
public struct CodePrinter: Sendable {
    private var lines: [String] = []
    private var level = 0
    private let indentUnit: String

    /// Creates an empty printer.
    /// - Parameter indentUnit: The text for one level of indentation (four spaces by default).
    public init(indentUnit: String = "    ") { self.indentUnit = indentUnit }

    /// Appends one line at the current indentation; an empty string appends an empty line without spaces.
    public mutating func line(_ text: String = "") {
        lines.append(text.isEmpty ? "" : String(repeating: indentUnit, count: level) + text)
    }

    /// Appends `///` doc comment lines at the current indentation.
    public mutating func documentation(_ lines: [String], prefix: String = "///") {
        for text in lines { line(text.isEmpty ? prefix : "\(prefix) \(text)") }
    }

    /// Increases the indentation.
    public mutating func indent() { level += 1 }

    /// Decreases the indentation.
    public mutating func outdent() {
        precondition(level > 0, "outdent below zero")
        level -= 1
    }

    /// Runs `body` one level deeper.
    public mutating func withIndentation(_ body: (inout CodePrinter) -> Void) {
        indent()
        body(&self)
        outdent()
    }

    /// Prints `opening`, the body one level deeper, then `closing`.
    public mutating func block(_ opening: String, closing: String = "}", _ body: (inout CodePrinter) -> Void) {
        line(opening)
        withIndentation(body)
        line(closing)
    }

    /// The text so far, ending with exactly one newline.
    public var text: String {
        var lines = self.lines
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A generated file: a name relative to the output folder, and its contents.
public struct RenderedFile: Sendable, Hashable {
    /// The file name, e.g. `sub_dir_Sensor.swift`.
    public var name: String
    /// The complete text.
    public var contents: String

    /// Creates a rendered file.
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// How output files are named from input paths: the path relative to a base folder, with `/` as `_`, so that
/// `Definitions/sub/Sensor.ipcdef` becomes `sub_Sensor` and two files with the same base name never collide.
public enum OutputNaming {
    /// The stem for the output of `path`, relative to `base` (or the bare file name when `path` is not inside it).
    /// - Parameters:
    ///   - path: The definition's path.
    ///   - base: The folder that relative names start from.
    /// - Returns: A stem without extension, safe as a file name.
    public static func stem(for path: String, relativeTo base: String?) -> String {
        var relative = path
        if let base, !base.isEmpty {
            let prefix = base.hasSuffix("/") ? base : base + "/"
            if relative.hasPrefix(prefix) { relative = String(relative.dropFirst(prefix.count)) }
        }
        if !relative.contains("/") || base == nil {
            relative = relative.split(separator: "/").last.map(String.init) ?? relative
        }
        if relative.hasSuffix(".ipcdef") { relative = String(relative.dropLast(".ipcdef".count)) }
        return relative.split(separator: "/").joined(separator: "_")
    }

    /// The deepest folder that contains every path (`nil` when they share none), used as the default base.
    /// - Parameter paths: File paths, all relative or all absolute.
    /// - Returns: The common folder, without a trailing slash.
    public static func commonDirectory(of paths: [String]) -> String? {
        let folders = paths.map { $0.split(separator: "/", omittingEmptySubsequences: false).dropLast() }
        guard var common = folders.first else { return nil }
        for folder in folders.dropFirst() {
            common = common.prefix { _ in true }
            var count = 0
            while count < min(common.count, folder.count),
                common[common.startIndex + count] == folder[folder.startIndex + count]
            {
                count += 1
            }
            common = common.prefix(count)
        }
        let joined = common.joined(separator: "/")
        return joined.isEmpty ? (paths.first?.hasPrefix("/") == true ? "/" : nil) : joined
    }
}
