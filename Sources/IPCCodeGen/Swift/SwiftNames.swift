import IPCDefinition

/// Spells definition names as Swift identifiers and types, escaping keywords so names stay verbatim.
enum SwiftNames {
    /// Every word that cannot stand unescaped as a Swift identifier in declaration position.
    static let keywords: Set<String> = [
        "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension", "fileprivate", "func",
        "import", "init", "inout", "internal", "let", "nonisolated", "open", "operator", "package", "private",
        "precedencegroup", "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias", "var",
        "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if",
        "in", "repeat", "return", "throw", "switch", "where", "while", "Any", "as", "await", "false", "is", "nil",
        "self", "Self", "super", "throws", "true", "try", "Type", "Protocol", "some", "any", "_",
    ]

    /// `name`, in backticks when it is a Swift keyword.
    static func identifier(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// The Swift name of a declared type (`Sensors_V1_Reading`, see ``SwiftNaming``), escaped if needed.
    static func typeName(_ id: TypeID) -> String { identifier(SwiftNaming.typeName(id)) }

    /// The Swift name of a field, case or constant (`timestamp_ns` → `timestampNs`), escaped if needed.
    static func member(_ name: String) -> String { identifier(SwiftNaming.lowerCamel(name)) }

    /// The Swift name of a member without escaping, for use after a `.` or inside other names.
    static func bareMember(_ name: String) -> String { SwiftNaming.lowerCamel(name) }

    /// The Swift spelling of a field type, fully qualified so that user types cannot shadow it.
    /// - Parameters:
    ///   - type: The field type.
    ///   - definitions: The model, for the padding an `optional<T>` needs before its value.
    static func type(_ type: FieldType, in definitions: DefinitionSet, insideContainer: Bool = false) -> String {
        switch type {
        case .primitive(let primitive): return primitiveType(primitive)
        case .array(let element, let count):
            return "Swift.InlineArray<\(count), \(Self.type(element, in: definitions, insideContainer: true))>"
        case .string(let capacity): return "ZeroCopyIPC.FixedString<\(capacity)>"
        case .vector(let element, let capacity):
            let vector = "ZeroCopyIPC.FixedVector<\(Self.type(element, in: definitions, insideContainer: true)), \(capacity)>"
            guard insideContainer, let tail = paddedVectorTail(type, in: definitions) else { return vector }
            return "ZeroCopyIPC.Padded<\(vector), \(tail)>"
        case .optional(let wrapped):
            let gap = optionalGap(wrapped, in: definitions)
            return "ZeroCopyIPC.FixedOptional<\(Self.type(wrapped, in: definitions, insideContainer: true)), \(gap)>"
        case .structure(let id), .enumeration(let id), .union(let id): return typeName(id)
        }
    }

    /// For `vec<T, N>` of a `T` aligned above 8 bytes: the bytes C pads after `len` that Swift's `FixedVector`
    /// lacks (a field gets them as explicit padding; the element of a container as `ZeroCopyIPC.Padded`).
    static func paddedVectorTail(_ type: FieldType, in definitions: DefinitionSet) -> Int? {
        guard case .vector(let element, _) = type else { return nil }
        let alignment = definitions.layout(of: element).alignment
        return alignment > 8 ? alignment - 8 : nil
    }

    /// The padding bytes between an optional's presence byte and its value: C puts the value at its alignment.
    static func optionalGap(_ wrapped: FieldType, in definitions: DefinitionSet) -> Int {
        LayoutRules.optionalLayout(wrapped: definitions.layout(of: wrapped)).fields[1].offset - 1
    }

    /// The Swift standard type of a primitive.
    static func primitiveType(_ primitive: Primitive) -> String {
        switch primitive {
        case .bool: "Swift.Bool"
        case .u8: "Swift.UInt8"
        case .u16: "Swift.UInt16"
        case .u32: "Swift.UInt32"
        case .u64: "Swift.UInt64"
        case .i8: "Swift.Int8"
        case .i16: "Swift.Int16"
        case .i32: "Swift.Int32"
        case .i64: "Swift.Int64"
        case .f32: "Swift.Float"
        case .f64: "Swift.Double"
        }
    }

    /// The zero value of a field type, used as the memberwise initialiser's default.
    static func zeroValue(_ type: FieldType, in definitions: DefinitionSet, insideContainer: Bool = false) -> String {
        if insideContainer, paddedVectorTail(type, in: definitions) != nil { return "ZeroCopyIPC.Padded()" }
        return switch type {
        case .primitive(.bool): "false"
        case .primitive: "0"
        case .array(let element, _):
            "Swift.InlineArray(repeating: \(zeroValue(element, in: definitions, insideContainer: true)))"
        case .string: "ZeroCopyIPC.FixedString()"
        case .vector: "ZeroCopyIPC.FixedVector()"
        case .structure(let id), .union(let id): "\(typeName(id))()"
        case .enumeration(let id): "\(typeName(id))(rawValue: 0)"
        case .optional: "ZeroCopyIPC.FixedOptional()"
        }
    }

    /// A Swift string literal with the contents escaped.
    static func stringLiteral(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
