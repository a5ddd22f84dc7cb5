import IPCDefinition

/// How definitions are named in the Python modules ``PythonRenderer`` writes.
///
/// - Modules are named like the C headers (`sub/Sensor.ipcdef` → `sub_Sensor.py`), with every character that
///   cannot be part of a Python identifier as `_`.
/// - Types keep their C names (`package a.b` + `Type` → `a_b_Type`, or `@c_name`), so C and Python code read alike.
/// - Fields keep their definition names; a Python keyword, a name ctypes reserves (`_fields_`, …) or a name of
///   the type details (`TYPE_NAME`, …) gets a trailing `_` (`class` → `class_`).
public enum PythonNames {
    /// Python's keywords and soft keywords that cannot be attribute names, and the constants `None`, `True`,
    /// `False`.
    public static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    /// Class attributes of generated types that a field must not shadow.
    public static let reservedAttributes: Set<String> = [
        "_fields_", "_pack_", "_align_", "_anonymous_", "_swappedbytes_", "_layout_", "_objects", "_b_base_",
        "_b_needsfree_", "TYPE_NAME", "SIZE", "ALIGNMENT", "FINGERPRINT", "STORAGE", "CAPACITY", "CASES",
    ]

    /// A field, case or constant name as Python can spell it.
    /// - Parameter name: The name in the definition.
    /// - Returns: The name, with a trailing `_` where Python or ctypes would refuse or misread it.
    public static func identifier(_ name: String) -> String {
        keywords.contains(name) || reservedAttributes.contains(name) ? name + "_" : name
    }

    /// The module name for a definition file.
    /// - Parameters:
    ///   - path: The definition's path.
    ///   - base: The folder output names are relative to.
    /// - Returns: A valid Python module name.
    public static func module(for path: String, relativeTo base: String?) -> String {
        let stem = OutputNaming.stem(for: path, relativeTo: base)
        var name = String(stem.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "_" })
        if let first = name.first, first.isNumber { name = "_" + name }
        return keywords.contains(name) ? name + "_" : name
    }

    /// The class name of a struct, enum or union: its C name (a Python keyword gets a trailing `_`).
    public static func type(_ id: TypeID, in definitions: DefinitionSet) -> String {
        let name = CNames.type(id, in: definitions)
        return keywords.contains(name) ? name + "_" : name
    }

    /// The ctypes type of a primitive.
    public static func primitive(_ primitive: Primitive) -> String {
        switch primitive {
        case .bool: "ctypes.c_bool"
        case .u8: "ctypes.c_uint8"
        case .u16: "ctypes.c_uint16"
        case .u32: "ctypes.c_uint32"
        case .u64: "ctypes.c_uint64"
        case .i8: "ctypes.c_int8"
        case .i16: "ctypes.c_int16"
        case .i32: "ctypes.c_int32"
        case .i64: "ctypes.c_int64"
        case .f32: "ctypes.c_float"
        case .f64: "ctypes.c_double"
        }
    }

    /// The `zerocopyipc.Primitive` case of a primitive.
    public static func primitiveCase(_ primitive: Primitive) -> String {
        "zerocopyipc.Primitive.\(primitive.rawValue.uppercased())"
    }

    /// A Python string literal (double quotes, escapes for quotes, backslashes and control characters).
    public static func stringLiteral(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case " "..."~": result.unicodeScalars.append(scalar)
            default:
                let hex = String(scalar.value, radix: 16)
                result += scalar.value < 0x1_0000
                    ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
            }
        }
        return result + "\""
    }
}
