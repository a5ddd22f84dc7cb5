/// Identifies a struct or enum across all loaded files: its package (empty when the file has none) and its name.
public struct TypeID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The package components, e.g. `["a", "b"]` for `package a.b`; empty without `package`.
    public var package: [String]
    /// The type's name as written in the definition.
    public var name: String

    /// Creates an identifier.
    /// - Parameters:
    ///   - package: The package components.
    ///   - name: The type name.
    public init(package: [String], name: String) {
        self.package = package
        self.name = name
    }

    /// `a.b.Name`, or `Name` without a package.
    public var qualifiedName: String { (package + [name]).joined(separator: ".") }

    /// The identifier used for the type in Swift and C: `a_b_Name`, or `Name` without a package.
    public var flatName: String { (package + [name]).joined(separator: "_") }

    /// The qualified name.
    public var description: String { qualifiedName }

    /// Orders by qualified name.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.qualifiedName < rhs.qualifiedName }
}

/// The type of a struct field, resolved and checked.
public indirect enum FieldType: Hashable, Sendable, CustomStringConvertible {
    /// `bool`, `u8`, … `f64`.
    case primitive(Primitive)
    /// `[T; N]`: exactly `count` elements.
    case array(element: FieldType, count: Int)
    /// `string<N>`: UTF-8, up to `capacity` bytes, laid out as `{ data: [u8; N], terminator: u8, len: u64 }`.
    case string(capacity: Int)
    /// `vec<T, N>`: up to `capacity` elements, laid out as `{ data: [T; N], len: u64 }`.
    case vector(element: FieldType, capacity: Int)
    /// A struct declared in a loaded file.
    case structure(TypeID)
    /// An enum or flags type declared in a loaded file.
    case enumeration(TypeID)
    /// A tagged union declared in a loaded file.
    case union(TypeID)
    /// `optional<T>`: a presence byte, then the value, laid out as `{ has_value: u8, value: T }`.
    case optional(FieldType)

    /// The type as it would be written in a definition (qualified names for user types).
    public var description: String {
        switch self {
        case .primitive(let primitive): primitive.rawValue
        case .array(let element, let count): "[\(element); \(count)]"
        case .string(let capacity): "string<\(capacity)>"
        case .vector(let element, let capacity): "vec<\(element), \(capacity)>"
        case .structure(let id), .enumeration(let id), .union(let id): id.qualifiedName
        case .optional(let wrapped): "optional<\(wrapped)>"
        }
    }
}

/// The payload of one side of a service: a single value of a type, or a dynamic slice `[T]`.
public enum PayloadType: Hashable, Sendable, CustomStringConvertible {
    /// One value of the type.
    case single(FieldType)
    /// A dynamically sized slice of the element type, `[T]` in the definition.
    case slice(FieldType)

    /// The element or value type.
    public var type: FieldType {
        switch self {
        case .single(let type), .slice(let type): type
        }
    }

    /// `T` or `[T]`.
    public var description: String {
        switch self {
        case .single(let type): type.description
        case .slice(let type): "[\(type)]"
        }
    }
}
