/// One difference between a definition and a C header, e.g. `Type.field: offset 12 in header, 16 in definition`.
public struct LayoutMismatch: Hashable, Sendable, CustomStringConvertible {
    /// The definition's qualified type name, e.g. `a.b.Type`.
    public var typeName: String
    /// The field, when the difference is in one field.
    public var field: String?
    /// What differs, naming the header's and the definition's value.
    public var message: String

    /// Creates a mismatch.
    public init(typeName: String, field: String? = nil, message: String) {
        self.typeName = typeName
        self.field = field
        self.message = message
    }

    /// `Type.field: message` or `Type: message`.
    public var description: String {
        if let field { "\(typeName).\(field): \(message)" } else { "\(typeName): \(message)" }
    }
}

/// The result of comparing definitions with a header.
public struct HeaderCheckReport: Sendable {
    /// The definitions' qualified type names that were compared, in order.
    public var checkedTypes: [String]
    /// Every difference found, in type order.
    public var mismatches: [LayoutMismatch]

    /// Whether the header and the definitions agree on every byte.
    public var matches: Bool { mismatches.isEmpty }

    /// One line per mismatch, then a summary line.
    public var description: String {
        let failing = Set(mismatches.map(\.typeName)).count
        let summary =
            matches
            ? "layout check passed: \(checkedTypes.count) types match"
            : "layout check failed: \(mismatches.count) mismatches in \(failing) of \(checkedTypes.count) types"
        return (mismatches.map(\.description) + [summary]).joined(separator: "\n")
    }
}
