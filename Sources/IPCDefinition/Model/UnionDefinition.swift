/// A checked tagged union, `union Shape: u8 { circle: Circle  rect: Rect  empty }`, laid out as C's
/// `struct { tag_type tag; union { … } value; }`.
public struct UnionDefinition: Hashable, Sendable {
    /// The identifier (package and name).
    public var id: TypeID
    /// The cross-language type name: the `@type_name` attribute, or the qualified name.
    public var typeName: String
    /// The `///` doc comment lines.
    public var documentation: [String]
    /// The integer type of the tag (given, or `u8` when not).
    public var tag: Primitive
    /// The cases in declaration order; their tags are 0, 1, 2, … in that order.
    public var cases: [UnionCase]
    /// Where the union is declared.
    public var location: SourceLocation
    /// The layout: two fields, `tag` and `value` (the payloads overlaid), with padding and fingerprint.
    public var layout: StructLayout

    /// The layout of the `value` member: every payload starts at its offset.
    public var value: FieldLayout { layout.fields[1] }
}

/// One case of a union.
public struct UnionCase: Hashable, Sendable {
    /// The case's name, verbatim.
    public var name: String
    /// The tag value that selects this case.
    public var tag: Int128
    /// The payload type, or `nil` for a case without payload.
    public var type: FieldType?
    /// The `///` doc comment lines.
    public var documentation: [String]
    /// Where the case is declared.
    public var location: SourceLocation
}

/// A checked type alias, `type Meters = f64`: another name for a type, with the same layout.
public struct AliasDefinition: Hashable, Sendable {
    /// The identifier (package and name).
    public var id: TypeID
    /// The type it names.
    public var type: FieldType
    /// The `///` doc comment lines.
    public var documentation: [String]
    /// Where the alias is declared.
    public var location: SourceLocation
}

/// A field's default value, checked against the field's type.
public indirect enum DefaultValue: Hashable, Sendable {
    /// An integer within the field's range.
    case integer(Int128)
    /// A floating-point number, with the text to print in Swift and C (`30.0`).
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// A string within the capacity.
    case string(String)
    /// An enum case, by its definition name.
    case enumCase(String)
    /// Flags, by their definition names (empty: no flag set).
    case flags([String])
    /// An optional's value: `nil` for `none`, else the wrapped value.
    case optional(DefaultValue?)
}
