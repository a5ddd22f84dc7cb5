/// The complete field layout of a payload type, in a form that needs no definition file to read.
///
/// A service records it in its static config beside the type name and fingerprint, so that a tool can decode a
/// payload field by field and `open` can name the first field in which two processes differ. The text form is
/// compact and versioned (see `docs/layout-description.md`):
///
/// ```text
/// zcl1|demo.Reading|struct demo.Reading 32 8 {id@0+4:u32;label@8+24:string<16>}
/// ```
///
/// The first item is the root type; every struct, enum, flags and union type the root reaches follows once.
public struct LayoutDescription: Sendable, Hashable {
    /// The format version this library writes and reads.
    public static let version = "zcl1"

    /// A primitive type of the definition language.
    public enum Primitive: String, Sendable, Hashable, CaseIterable {
        case bool, u8, u16, u32, u64, i8, i16, i32, i64, f32, f64

        /// The size in bytes (equal to the alignment).
        public var size: Int {
            switch self {
            case .bool, .u8, .i8: 1
            case .u16, .i16: 2
            case .u32, .i32, .f32: 4
            case .u64, .i64, .f64: 8
            }
        }
    }

    /// The type of a field.
    public indirect enum FieldType: Sendable, Hashable, CustomStringConvertible {
        /// `bool`, `u8`, … `f64`.
        case primitive(Primitive)
        /// A struct, enum, flags or union type, by its cross-language name (described in ``declarations``).
        case named(String)
        /// `[T; N]`: exactly `count` elements, each `T`'s size apart.
        case array(FieldType, count: Int)
        /// `string<N>`: `data` (N bytes) at 0, a terminator byte, `len` (u64) at the next multiple of 8.
        case string(capacity: Int)
        /// `vec<T, N>`: `data` (`[T; N]`) at 0, `len` (u64) at the next multiple of 8 after it.
        case vector(FieldType, capacity: Int)
        /// `optional<T>`: a presence byte at 0, the value at `T`'s alignment.
        case optional(FieldType)

        /// Whether the type is or contains a struct, enum, flags or union type.
        public var referencesNamedType: Bool {
            switch self {
            case .primitive, .string: false
            case .named: true
            case .array(let element, _), .vector(let element, _), .optional(let element): element.referencesNamedType
            }
        }

        /// The type as the text form writes it.
        public var description: String {
            switch self {
            case .primitive(let primitive): primitive.rawValue
            case .named(let name): name
            case .array(let element, let count): "[\(element);\(count)]"
            case .string(let capacity): "string<\(capacity)>"
            case .vector(let element, let capacity): "vec<\(element),\(capacity)>"
            case .optional(let wrapped): "optional<\(wrapped)>"
            }
        }
    }

    /// One field of a struct.
    public struct Field: Sendable, Hashable {
        /// The field's name in the definition.
        public var name: String
        /// The offset from the start of the struct.
        public var offset: Int
        /// The field's size.
        public var size: Int
        /// The field's type.
        public var type: FieldType

        /// Creates a field.
        public init(name: String, offset: Int, size: Int, type: FieldType) {
            self.name = name
            self.offset = offset
            self.size = size
            self.type = type
        }
    }

    /// A named value of an enum or flags type.
    public struct Case: Sendable, Hashable {
        /// The case's name in the definition.
        public var name: String
        /// Its integer value.
        public var value: Int128

        /// Creates a case.
        public init(name: String, value: Int128) {
            self.name = name
            self.value = value
        }
    }

    /// One case of a union: its tag and, when it carries one, its payload's type.
    public struct UnionCase: Sendable, Hashable {
        /// The case's name in the definition.
        public var name: String
        /// The tag value that selects it.
        public var tag: Int128
        /// The payload type, `nil` for a case without payload.
        public var type: FieldType?

        /// Creates a union case.
        public init(name: String, tag: Int128, type: FieldType?) {
            self.name = name
            self.tag = tag
            self.type = type
        }
    }

    /// A named type that the root reaches.
    public enum Declaration: Sendable, Hashable {
        /// A struct: its size, alignment and fields in declaration order.
        case structure(name: String, size: Int, alignment: Int, fields: [Field])
        /// An enum stored as `underlying`.
        case enumeration(name: String, underlying: Primitive, cases: [Case])
        /// A flags type stored as `underlying`.
        case flags(name: String, underlying: Primitive, cases: [Case])
        /// A tagged union: the tag at 0, every payload at `valueOffset`.
        case union(name: String, size: Int, alignment: Int, tag: Primitive, valueOffset: Int, cases: [UnionCase])

        /// The type's cross-language name.
        public var name: String {
            switch self {
            case .structure(let name, _, _, _), .enumeration(let name, _, _), .flags(let name, _, _),
                .union(let name, _, _, _, _, _):
                name
            }
        }
    }

    /// The payload's type.
    public var root: FieldType
    /// Every named type the root reaches, in the order the text lists them.
    public var declarations: [Declaration]

    /// Creates a description.
    /// - Parameters:
    ///   - root: The payload's type.
    ///   - declarations: Every named type it reaches.
    public init(root: FieldType, declarations: [Declaration]) {
        self.root = root
        self.declarations = declarations
    }

    /// The declaration of the named type, if the description has one.
    /// - Parameter name: The cross-language name.
    public func declaration(named name: String) -> Declaration? { declarations.first { $0.name == name } }

    /// The size of a value of `type` under C rules, or `nil` when it names a type the description lacks.
    /// - Parameter type: The type.
    public func size(of type: FieldType) -> Int? { info(of: type)?.size }

    /// The alignment of a value of `type` under C rules, or `nil` when it names a type the description lacks.
    /// - Parameter type: The type.
    public func alignment(of type: FieldType) -> Int? { info(of: type)?.alignment }

    private func info(of type: FieldType, depth: Int = 0) -> (size: Int, alignment: Int)? {
        guard depth < 64 else { return nil }  // A malformed text could name itself; never recurse forever.
        switch type {
        case .primitive(let primitive): return (primitive.size, primitive.size)
        case .named(let name):
            switch declaration(named: name) {
            case .structure(_, let size, let alignment, _)?, .union(_, let size, let alignment, _, _, _)?:
                return (size, alignment)
            case .enumeration(_, let underlying, _)?, .flags(_, let underlying, _)?:
                return (underlying.size, underlying.size)
            case nil: return nil
            }
        case .array(let element, let count):
            guard let element = info(of: element, depth: depth + 1) else { return nil }
            return (element.size * count, element.alignment)
        case .string(let capacity):
            return (Self.alignUp(capacity + 1, to: 8) + 8, 8)
        case .vector(let element, let capacity):
            guard let element = info(of: element, depth: depth + 1) else { return nil }
            let alignment = max(element.alignment, 8)
            return (Self.alignUp(Self.alignUp(element.size * capacity, to: 8) + 8, to: alignment), alignment)
        case .optional(let wrapped):
            guard let wrapped = info(of: wrapped, depth: depth + 1) else { return nil }
            return (max(1, wrapped.alignment) + wrapped.size, wrapped.alignment)
        }
    }

    /// Where the `len` member of a `string<capacity>` sits.
    public static func stringLengthOffset(capacity: Int) -> Int { alignUp(capacity + 1, to: 8) }

    /// Where the `len` member of a vector whose elements take `dataSize` bytes sits.
    public static func vectorLengthOffset(dataSize: Int) -> Int { alignUp(dataSize, to: 8) }

    static func alignUp(_ value: Int, to alignment: Int) -> Int { (value + alignment - 1) / alignment * alignment }
}
