import IPCDefinition

/// How definitions are named in C and C++: the rules that ``CHeaderRenderer`` writes and `ipcgen check` expects.
///
/// - Types are `TypeID.flatName` (`package a.b` + `Type` → `a_b_Type`), or the name `@c_name("…")` gives
///   (an imported header's own name, used verbatim).
/// - Fields keep their names, except a C or C++ keyword, which gets a trailing `_` (`class` → `class_`).
/// - Explicit padding members are `_padding0`, `_padding1`, … in offset order.
/// - `string<N>` is `zcipc_string_N`; `vec<T, N>` is `zcipc_vec_<T>_N` with `T` spelled by ``mangledName(of:)``.
public enum CNames {
    /// Every keyword of C11 and C++17, plus the names `<stdbool.h>`, `<stdalign.h>` and `<assert.h>` define as
    /// macros; a field with one of these names could not be declared.
    public static let keywords: Set<String> = [
        // C11
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
        "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
        "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while",
        "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn",
        "_Static_assert", "_Thread_local",
        // C++17 (beyond C)
        "alignas", "alignof", "and", "and_eq", "asm", "bitand", "bitor", "bool", "catch", "char16_t", "char32_t",
        "class", "compl", "constexpr", "const_cast", "decltype", "delete", "dynamic_cast", "explicit", "export",
        "false", "friend", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or",
        "or_eq", "private", "protected", "public", "reinterpret_cast", "static_assert", "static_cast", "template",
        "this", "thread_local", "throw", "true", "try", "typeid", "typename", "using", "virtual", "wchar_t", "xor",
        "xor_eq",
        // Macros of the headers every generated header includes
        "offsetof", "assert", "NULL",
    ]

    /// A field or bare type name as it can be declared in C and C++: keywords get a trailing `_`.
    /// - Parameter name: The name in the definition.
    /// - Returns: The C name.
    public static func identifier(_ name: String) -> String {
        keywords.contains(name) ? name + "_" : name
    }

    /// The C name of a struct or enum: `a_b_Type` (a keyword without a package gets a trailing `_`).
    /// - Parameter id: The type's identifier.
    /// - Returns: The C name.
    public static func type(_ id: TypeID) -> String { identifier(id.flatName) }

    /// The C name of a struct or enum of `definitions`: its `@c_name`, else ``type(_:)``.
    /// - Parameters:
    ///   - id: The type's identifier.
    ///   - definitions: The definitions that declare it.
    /// - Returns: The C name.
    public static func type(_ id: TypeID, in definitions: DefinitionSet) -> String {
        definitions.cNameAttribute(of: id) ?? type(id)
    }

    /// The name of the `index`-th explicit padding member.
    public static func padding(_ index: Int) -> String { "_padding\(index)" }

    /// Whether `name` is an explicit padding member's name (`_padding` followed by digits).
    public static func isPadding(_ name: String) -> Bool {
        name.hasPrefix("_padding") && name.count > 8 && name.dropFirst(8).allSatisfy(\.isASCIIDigit)
    }

    /// The C struct that holds a `string<N>`.
    public static func string(capacity: Int) -> String { "zcipc_string_\(capacity)" }

    /// The C struct that holds a `vec<T, N>`.
    public static func vector(element: FieldType, capacity: Int) -> String {
        "zcipc_vec_\(mangledName(of: element))_\(capacity)"
    }

    /// The C struct that holds an `optional<T>`: `zcipc_opt_<T>`.
    public static func optional(_ wrapped: FieldType) -> String { "zcipc_opt_\(mangledName(of: wrapped))" }

    /// A type spelled as one identifier fragment: `u8`, `a_b_Point`, `string_16`, `vec_u8_4`, `arr_u8_3`.
    public static func mangledName(of type: FieldType) -> String {
        switch type {
        case .primitive(let primitive): primitive.rawValue
        case .structure(let id), .enumeration(let id), .union(let id): id.flatName
        case .optional(let wrapped): "opt_\(mangledName(of: wrapped))"
        case .string(let capacity): "string_\(capacity)"
        case .vector(let element, let capacity): "vec_\(mangledName(of: element))_\(capacity)"
        case .array(let element, let count): "arr_\(mangledName(of: element))_\(count)"
        }
    }

    /// The C type of a primitive: `bool`, `uint8_t`, … `float`, `double`.
    public static func primitive(_ primitive: Primitive) -> String {
        switch primitive {
        case .bool: "bool"
        case .u8: "uint8_t"
        case .u16: "uint16_t"
        case .u32: "uint32_t"
        case .u64: "uint64_t"
        case .i8: "int8_t"
        case .i16: "int16_t"
        case .i32: "int32_t"
        case .i64: "int64_t"
        case .f32: "float"
        case .f64: "double"
        }
    }

    /// A C declaration of `name` with `type`, e.g. `uint8_t name[4][3]` for `[[u8; 3]; 4]`.
    /// - Parameters:
    ///   - type: The field's type.
    ///   - name: The (already escaped) member name.
    ///   - definitions: The definitions whose `@c_name`s name struct and enum types (`nil`: default names only).
    /// - Returns: The declaration without a trailing `;`.
    public static func declaration(
        of type: FieldType, named name: String, in definitions: DefinitionSet? = nil
    ) -> String {
        var dimensions = ""
        var element = type
        while case .array(let inner, let count) = element {
            dimensions += "[\(count)]"
            element = inner
        }
        return "\(scalar(element, in: definitions)) \(name)\(dimensions)"
    }

    /// The C spelling of a non-array type.
    private static func scalar(_ type: FieldType, in definitions: DefinitionSet?) -> String {
        switch type {
        case .primitive(let primitive): self.primitive(primitive)
        case .structure(let id), .enumeration(let id), .union(let id):
            definitions.map { self.type(id, in: $0) } ?? self.type(id)
        case .optional(let wrapped): optional(wrapped)
        case .string(let capacity): string(capacity: capacity)
        case .vector(let element, let capacity): vector(element: element, capacity: capacity)
        case .array: preconditionFailure("arrays are spelled by declaration(of:named:)")
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
