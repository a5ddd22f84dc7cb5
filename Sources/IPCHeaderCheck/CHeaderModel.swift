/// The C type of a struct member, as libclang reports it after resolving typedefs.
public indirect enum CType: Hashable, Sendable, CustomStringConvertible {
    /// `bool` / `_Bool`.
    case bool
    /// An integer type of `size` bytes (`char`, `int`, `uint32_t`, …).
    case integer(size: Int, signed: Bool)
    /// `float` (4 bytes) or `double` (8 bytes); `long double` has size 16.
    case floating(size: Int)
    /// `T name[N]`.
    case array(element: CType, count: Int)
    /// `T name[]`: a flexible array member.
    case flexibleArray(element: CType)
    /// A struct, by its C name (the typedef name for an unnamed struct).
    case structure(name: String)
    /// A union, by its C name.
    case union(name: String)
    /// A C enum, by its C name, stored as `integer`.
    case enumeration(name: String, integer: CType)
    /// Any pointer, including function pointers.
    case pointer
    /// Anything else (complex, vector extensions, …), with clang's spelling.
    case unsupported(String)

    /// A short spelling for messages, e.g. `u32`, `f64`, `[u8; 4]`, `struct Point`.
    public var description: String {
        switch self {
        case .bool: "bool"
        case .integer(let size, let signed): "\(signed ? "i" : "u")\(size * 8)"
        case .floating(let size): "f\(size * 8)"
        case .array(let element, let count): "[\(element); \(count)]"
        case .flexibleArray(let element): "[\(element)] (flexible array)"
        case .structure(let name): "struct \(name)"
        case .union(let name): "union \(name)"
        case .enumeration(let name, _): "enum \(name)"
        case .pointer: "pointer"
        case .unsupported(let spelling): spelling
        }
    }
}

/// Where a declaration sits in a header.
public struct CLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file's path as clang saw it.
    public var file: String
    /// The line, from 1.
    public var line: Int
    /// The column, from 1.
    public var column: Int

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}

/// One member of a C struct, with the layout clang computed.
public struct CField: Hashable, Sendable {
    /// The member's name (empty for an anonymous struct or union member).
    public var name: String
    /// The resolved type.
    public var type: CType
    /// The type as written, e.g. `uint8_t` or `a_b_Mode` (a typedef name is kept here).
    public var spelling: String
    /// The offset in bytes.
    public var offset: Int
    /// `sizeof` of the member's type (0 for a flexible array).
    public var size: Int
    /// `_Alignof` of the member's type (an `_Alignas` on the member shows in the struct's alignment instead).
    public var alignment: Int
    /// The width in bits when the member is a bitfield.
    public var bitWidth: Int?
    /// Where the member is declared.
    public var location: CLocation
}

/// A C struct (or union) definition with its layout.
public struct CStruct: Hashable, Sendable {
    /// The C name: the tag, or the typedef name for an unnamed struct.
    public var name: String
    /// Typedef names that also refer to this struct (`typedef struct point_s { … } Point;` → `["Point"]`).
    public var typedefNames: [String]
    /// Whether this is a `union`.
    public var isUnion: Bool
    /// `sizeof`.
    public var size: Int
    /// `_Alignof`.
    public var alignment: Int
    /// The members in declaration order.
    public var fields: [CField]
    /// Whether the struct is declared in the header that was parsed (not in a file it includes).
    public var isInMainFile: Bool
    /// Where the struct is declared.
    public var location: CLocation
}

/// A C enum or an integer typedef with named constants.
public struct CEnum: Hashable, Sendable {
    /// The C name: the tag, or the typedef name for an unnamed enum.
    public var name: String
    /// The integer type that stores it.
    public var integer: CType
    /// The constants in declaration order.
    public var constants: [(name: String, value: Int128)]
    /// Whether the enum is declared in the header that was parsed.
    public var isInMainFile: Bool
    /// Where the enum is declared.
    public var location: CLocation

    /// Compares names, integer type and constants.
    public static func == (lhs: CEnum, rhs: CEnum) -> Bool {
        lhs.name == rhs.name && lhs.integer == rhs.integer && lhs.isInMainFile == rhs.isInMainFile
            && lhs.location == rhs.location && lhs.constants.elementsEqual(rhs.constants) { $0 == $1 }
    }

    /// Hashes the name and location.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(location)
    }
}

/// A `typedef` to a scalar type, e.g. `typedef uint8_t a_b_Mode;`.
public struct CTypedef: Hashable, Sendable {
    /// The typedef's name.
    public var name: String
    /// The resolved type.
    public var type: CType
    /// Whether the typedef is declared in the header that was parsed.
    public var isInMainFile: Bool
    /// Where the typedef is declared.
    public var location: CLocation
}

/// Everything ``HeaderParser`` read from one header: structs, enums and typedefs, in declaration order.
public struct CHeader: Sendable {
    /// Every struct and union with a definition, outside system headers.
    public var structs: [CStruct]
    /// Every enum, outside system headers.
    public var enums: [CEnum]
    /// Every typedef to a non-struct type, outside system headers.
    public var typedefs: [CTypedef]
    /// `#define NAME "text"` macros of the parsed file, e.g. `a_b_Type_TYPE_NAME` → `a.b.Type`.
    public var stringMacros: [String: String]
    /// `#define NAME ((Type)UINT64_C(n))` macros of the parsed file (enum values outside `int`), by name.
    public var constantMacros: [(name: String, type: String, value: Int128)]

    /// The values a header names `<typeName>_<case>`: C enum constants and typed constant macros.
    /// - Parameter typeName: The C type name.
    /// - Returns: Case names (without the prefix) and values, enum constants first, in declaration order.
    public func prefixedConstants(of typeName: String) -> [(name: String, value: Int128)] {
        let prefix = typeName + "_"
        let fromEnums = enums.flatMap { cEnum in
            cEnum.constants.filter { $0.name.hasPrefix(prefix) }.map {
                (name: String($0.name.dropFirst(prefix.count)), value: $0.value)
            }
        }
        let fromMacros = constantMacros.filter { $0.name.hasPrefix(prefix) && $0.type == typeName }
            .map { (name: String($0.name.dropFirst(prefix.count)), value: $0.value) }
        return fromEnums + fromMacros
    }

    /// The struct or union named `name`.
    public func structure(named name: String) -> CStruct? {
        structs.first { $0.name == name } ?? structs.first { $0.typedefNames.contains(name) }
    }

    /// The enum named `name`.
    public func enumeration(named name: String) -> CEnum? { enums.first { $0.name == name } }

    /// The typedef named `name`.
    public func typedef(named name: String) -> CTypedef? { typedefs.first { $0.name == name } }
}
