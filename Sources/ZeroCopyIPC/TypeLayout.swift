/// The byte layout of a ``ZeroCopySend`` type.
///
/// `size`, `alignment` and each field's `offset` are the numbers the definition prescribes (C layout rules, the
/// same in every language). The `measured…` values are what the Swift compiler actually produced; ``mismatches``
/// compares the two. A service refuses a payload type whose layout does not verify, and the generated tests check
/// every generated type.
public struct TypeLayout: Sendable, Hashable {
    /// One stored field of a payload type.
    public struct Field: Sendable, Hashable {
        /// The field's name as written in the definition.
        public var name: String
        /// The field's offset under C layout rules.
        public var offset: Int
        /// The field's size under C layout rules.
        public var size: Int
        /// The offset Swift chose for the field (`MemoryLayout.offset(of:)`), or `nil` where it was not measured.
        public var measuredOffset: Int?

        /// Creates a field description.
        /// - Parameters:
        ///   - name: The field's name.
        ///   - offset: The offset under C rules.
        ///   - size: The size under C rules.
        ///   - measuredOffset: The offset Swift chose, if measured.
        public init(name: String, offset: Int, size: Int, measuredOffset: Int? = nil) {
            self.name = name
            self.offset = offset
            self.size = size
            self.measuredOffset = measuredOffset
        }
    }

    /// The cross-language type name.
    public var typeName: String
    /// The size under C rules (a multiple of ``alignment``).
    public var size: Int
    /// The alignment under C rules, including a raised `@align(N)`.
    public var alignment: Int
    /// A stable hash over type names, sizes, offsets and field types; equal fingerprints mean equal layouts.
    public var fingerprint: UInt64
    /// The fields in declaration order (empty for primitives and hand-written types).
    public var fields: [Field]
    /// The complete field layout in the text form of ``LayoutDescription`` (field types, nested types, enum cases),
    /// or `nil` for a hand-written type that has none. A service records it so that tools and error messages can
    /// name fields without the definition at hand.
    public var layoutDescription: String?
    /// `MemoryLayout<T>.size` as measured.
    public var measuredSize: Int
    /// `MemoryLayout<T>.stride` as measured.
    public var measuredStride: Int
    /// `MemoryLayout<T>.alignment` as measured. It may be lower than ``alignment`` where `@align(N)` raised it.
    public var measuredAlignment: Int

    /// Creates a layout description, as generated code does.
    /// - Parameters:
    ///   - typeName: The cross-language name.
    ///   - size: The size under C rules.
    ///   - alignment: The alignment under C rules.
    ///   - fingerprint: The layout fingerprint computed by the generator.
    ///   - fields: The fields with their C offsets and measured Swift offsets.
    ///   - layoutDescription: The complete field layout as ``LayoutDescription`` text, if the generator wrote one.
    ///   - measuring: The Swift type whose `MemoryLayout` is recorded beside the C numbers.
    public init<T>(
        typeName: String, size: Int, alignment: Int, fingerprint: UInt64, fields: [Field],
        layoutDescription: String? = nil, measuring _: T.Type
    ) {
        self.typeName = typeName
        self.size = size
        self.alignment = alignment
        self.fingerprint = fingerprint
        self.fields = fields
        self.layoutDescription = layoutDescription
        self.measuredSize = MemoryLayout<T>.size
        self.measuredStride = MemoryLayout<T>.stride
        self.measuredAlignment = MemoryLayout<T>.alignment
    }

    /// Describes a type from its `MemoryLayout` alone, as for primitives and hand-written types.
    ///
    /// A type named like a built-in type of the definition language (`u32`, `string<16>`, `[f32; 4]`,
    /// `vec<u8, 8>`) gets its ``layoutDescription`` from the name; other hand-written types get none.
    /// - Parameters:
    ///   - type: The type to measure.
    ///   - typeName: Its cross-language name.
    public init<T>(measuring type: T.Type, typeName: String) {
        let size = MemoryLayout<T>.stride
        let alignment = MemoryLayout<T>.alignment
        var hasher = LayoutFingerprint()
        hasher.combine(typeName)
        hasher.combine(size)
        hasher.combine(alignment)
        self.init(
            typeName: typeName, size: size, alignment: alignment, fingerprint: hasher.value, fields: [],
            layoutDescription: Self.builtInDescription(typeName: typeName, size: size), measuring: type)
    }

    /// The description of a built-in type from its name, when the name is one and its size agrees.
    private static func builtInDescription(typeName: String, size: Int) -> String? {
        let text = LayoutDescription.version + "|" + typeName.filter { $0 != " " }
        guard let description = try? LayoutDescription(parsing: text), description.declarations.isEmpty,
            !description.root.referencesNamedType, description.size(of: description.root) == size
        else { return nil }
        return description.text
    }

    /// Every difference between the prescribed layout and the one Swift produced; empty when they agree.
    ///
    /// A non-empty result means the generated code and the runtime disagree (for example a generator from another
    /// version); such a type must not be used in shared memory.
    public var mismatches: [String] {
        var problems: [String] = []
        if measuredSize != size {
            problems.append("\(typeName): size is \(measuredSize) in Swift, \(size) in the definition")
        }
        if measuredStride != size {
            problems.append("\(typeName): stride is \(measuredStride) in Swift, \(size) in the definition")
        }
        if alignment % measuredAlignment != 0 {
            problems.append(
                "\(typeName): alignment is \(measuredAlignment) in Swift, \(alignment) in the definition")
        }
        for field in fields {
            guard let measured = field.measuredOffset else {
                problems.append("\(typeName).\(field.name): offset cannot be measured in Swift")
                continue
            }
            if measured != field.offset {
                problems.append(
                    "\(typeName).\(field.name): offset is \(measured) in Swift, \(field.offset) in the definition")
            }
        }
        return problems
    }
}

/// FNV-1a (64-bit) over a canonical description of a layout.
///
/// The generator computes the same hash over the same text, so a fingerprint is identical in every process and
/// every language. Kept deliberately simple: it detects accidental mismatches; it is not a security measure.
public struct LayoutFingerprint: Sendable {
    /// The hash of everything combined so far.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Creates an empty fingerprint.
    public init() {}

    /// Adds a string, followed by a separator so that `"ab","c"` and `"a","bc"` differ.
    /// - Parameter text: The text to add.
    public mutating func combine(_ text: String) {
        for byte in text.utf8 { add(byte) }
        add(0x1f)
    }

    /// Adds an integer in decimal.
    /// - Parameter number: The number to add.
    public mutating func combine(_ number: Int) { combine(String(number)) }

    private mutating func add(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01b3
    }
}
