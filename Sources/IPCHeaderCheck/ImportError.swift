/// Why `import-c` refused a header: one compiler-style line per construct that `.ipcdef` cannot represent.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `file:line:col: error: …` lines, in header order.
    public var problems: [String]

    /// Creates an error from its lines.
    public init(problems: [String]) { self.problems = problems }

    /// Every problem, one per line.
    public var description: String { problems.joined(separator: "\n") }
}
