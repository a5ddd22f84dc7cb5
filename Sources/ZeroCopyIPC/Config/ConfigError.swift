/// Why a configuration could not be used. Each case names the file, line and key to fix.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not exist or cannot be read.
    case unreadable(file: String)
    /// The file is not valid TOML.
    case syntax(file: String, line: Int, column: Int, message: String)
    /// A key is not one this library knows (a typo would otherwise be silently ignored).
    case unknownKey(file: String, line: Int?, key: String)
    /// A key has a value of the wrong type or out of range.
    case invalidValue(file: String, line: Int?, key: String, reason: String)

    /// A sentence naming the problem and the fix.
    public var description: String {
        func place(_ file: String, _ line: Int?) -> String { line.map { "\(file):\($0)" } ?? file }
        switch self {
        case .unreadable(let file):
            return "cannot read config file '\(file)'; check the path and its permissions"
        case .syntax(let file, let line, let column, let message):
            return "\(file):\(line):\(column): invalid TOML: \(message); fix the syntax at that position"
        case .unknownKey(let file, let line, let key):
            return "\(place(file, line)): unknown key '\(key)'; remove it or check its spelling"
        case .invalidValue(let file, let line, let key, let reason):
            return "\(place(file, line)): invalid value for '\(key)': \(reason)"
        }
    }
}
