/// Why a header could not be read into a ``CHeader``.
public enum HeaderParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libclang could not parse the file at all (it does not exist, or the arguments are invalid).
    case cannotParse(path: String, reason: String)
    /// libclang reported diagnostics; each is `file:line:col: severity: message`. Every diagnostic counts as an
    /// error because a header that only half compiles has no trustworthy layout.
    case diagnostics([String])
    /// libclang could not compute a layout (incomplete or dependent type).
    case layoutUnavailable(location: String, what: String)

    /// The problem as compiler-style lines.
    public var description: String {
        switch self {
        case .cannotParse(let path, let reason):
            "\(path): error: cannot parse header (\(reason)); check that the file exists and the -I/-D options"
        case .diagnostics(let lines):
            lines.joined(separator: "\n")
        case .layoutUnavailable(let location, let what):
            "\(location): error: libclang cannot compute the layout of \(what); complete the type's definition"
        }
    }
}
