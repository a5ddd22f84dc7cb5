/// A payload decoded field by field: what `zcipc service subscribe` prints and `publish` reads, as JSON.
public indirect enum PayloadValue: Sendable, Hashable {
    /// `true` or `false`.
    case bool(Bool)
    /// An integer (any of `u8` … `i64`).
    case integer(Int128)
    /// `f32` or `f64`.
    case number(Double)
    /// A string, or an enum case's name.
    case string(String)
    /// An array, vector, or the names of the flags set.
    case array([PayloadValue])
    /// A struct or union, members in declaration order.
    case object([Member])
    /// An empty optional.
    case null

    /// One member of an object.
    public struct Member: Sendable, Hashable {
        /// The field's name.
        public var name: String
        /// Its value.
        public var value: PayloadValue

        /// Creates a member.
        public init(_ name: String, _ value: PayloadValue) {
            self.name = name
            self.value = value
        }
    }

    /// The member named `name` of an object.
    public subscript(name: String) -> PayloadValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.name == name }?.value
    }

    /// The value as compact JSON on one line.
    public var json: String {
        switch self {
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .number(let value):
            guard value.isFinite else { return "\"\(value)\"" }
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) + ".0" : "\(value)"
        case .string(let value): return Self.quoted(value)
        case .array(let values): return "[" + values.map(\.json).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.map { Self.quoted($0.name) + ":" + $0.value.json }.joined(separator: ",") + "}"
        case .null: return "null"
        }
    }

    /// The value as indented text, one field a line (`label: "x"`).
    public func text(indent: String = "") -> String {
        switch self {
        case .object(let members):
            return members.map { member in
                switch member.value {
                case .object(let inner) where !inner.isEmpty:
                    "\(indent)\(member.name):\n" + member.value.text(indent: indent + "  ")
                default: "\(indent)\(member.name): \(member.value.json)"
                }
            }.joined(separator: "\n")
        default: return indent + json
        }
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
