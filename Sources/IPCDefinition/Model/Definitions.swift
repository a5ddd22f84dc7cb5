/// A checked struct definition with its C layout.
public struct StructDefinition: Hashable, Sendable {
    /// The identifier (package and name).
    public var id: TypeID
    /// The cross-language type name: the `@type_name` attribute, or the qualified name.
    public var typeName: String
    /// The `///` doc comment lines, without the slashes.
    public var documentation: [String]
    /// The alignment raised by `@align(N)`, if any.
    public var alignAttribute: Int?
    /// The fields in declaration order.
    public var fields: [FieldDefinition]
    /// Where the struct is declared (its name).
    public var location: SourceLocation
    /// The layout under C rules.
    public var layout: StructLayout
    /// The type's name in C headers when `@c_name("…")` gives one (an imported header's own name), else `nil`.
    public var cName: String? = nil
}

/// One field of a struct.
public struct FieldDefinition: Hashable, Sendable {
    /// The field's name, verbatim.
    public var name: String
    /// The field's type.
    public var type: FieldType
    /// The `///` doc comment lines.
    public var documentation: [String]
    /// Where the field is declared.
    public var location: SourceLocation
    /// The value the generated initialisers give the field (`rate: f32 = 30.0`), or `nil` for zero.
    public var defaultValue: DefaultValue? = nil
}

/// A checked enum definition: named values of a fixed-width integer type.
public struct EnumDefinition: Hashable, Sendable {
    /// The identifier (package and name).
    public var id: TypeID
    /// The cross-language type name: the `@type_name` attribute, or the qualified name.
    public var typeName: String
    /// The `///` doc comment lines.
    public var documentation: [String]
    /// The integer type that stores the value.
    public var underlying: Primitive
    /// The cases in declaration order.
    public var cases: [EnumCase]
    /// Where the enum is declared.
    public var location: SourceLocation
    /// A stable hash over the type name, underlying type and every case.
    public var fingerprint: UInt64
    /// The type's name in C headers when `@c_name("…")` gives one (an imported header's own name), else `nil`.
    public var cName: String? = nil
    /// Whether this is a `flags` declaration: the cases are bits that combine (a Swift `OptionSet`).
    public var isFlags = false
}

/// One named value of an enum.
public struct EnumCase: Hashable, Sendable {
    /// The case's name, verbatim.
    public var name: String
    /// The value, within the underlying type's range.
    public var value: Int128
    /// The `///` doc comment lines.
    public var documentation: [String]
    /// Where the case is declared.
    public var location: SourceLocation
}

/// The messaging pattern of a service.
public enum MessagingPattern: String, Hashable, Sendable {
    /// Requests and responses (`request`, `response`, optional user headers for both).
    case requestResponse = "request_response"
    /// Samples from publishers to subscribers (`payload`, an optional `user_header`).
    case publishSubscribe = "publish_subscribe"
    /// Notifications without a payload.
    case event
}

/// A service: `service "Name" { request: T response: U }`, `service "Name" publish_subscribe { payload: T }` or
/// `service "Name" event`.
public struct ServiceDefinition: Hashable, Sendable {
    /// The service name used at runtime, e.g. `"Some/Service/Name"`.
    public var serviceName: String
    /// The identifier for generated code: given in the definition, or derived from the service name.
    public var identifier: String
    /// The messaging pattern.
    public var pattern: MessagingPattern
    /// The request payload (request/response).
    public var request: PayloadType?
    /// The response payload (request/response).
    public var response: PayloadType?
    /// The user header of every request (request/response), if declared.
    public var requestHeader: FieldType?
    /// The user header of every response (request/response), if declared.
    public var responseHeader: FieldType?
    /// The sample payload (publish/subscribe).
    public var payload: PayloadType?
    /// The user header of every sample (publish/subscribe), if declared.
    public var userHeader: FieldType?
    /// The `///` doc comment lines.
    public var documentation: [String]
    /// Where the service is declared.
    public var location: SourceLocation
}

/// A named integer constant, `const NAME = 16`.
public struct ConstantDefinition: Hashable, Sendable {
    /// The constant's name.
    public var name: String
    /// Its value.
    public var value: Int128
    /// The `///` doc comment lines.
    public var documentation: [String]
    /// Where it is declared.
    public var location: SourceLocation
}

/// One top-level declaration, in source order.
public enum Declaration: Hashable, Sendable {
    case structure(StructDefinition)
    case enumeration(EnumDefinition)
    case service(ServiceDefinition)
    case constant(ConstantDefinition)
    case union(UnionDefinition)
    case alias(AliasDefinition)
}

/// One checked `.ipcdef` file.
public struct DefinitionFile: Hashable, Sendable {
    /// The path as given (or as resolved from an import).
    public var path: String
    /// The package components; empty without `package`.
    public var package: [String]
    /// The paths of the files this file imports, resolved.
    public var imports: [String]
    /// The declarations in source order.
    public var declarations: [Declaration]

    /// The structs declared in this file, in source order.
    public var structures: [StructDefinition] {
        declarations.compactMap { if case .structure(let value) = $0 { value } else { nil } }
    }

    /// The enums declared in this file, in source order.
    public var enumerations: [EnumDefinition] {
        declarations.compactMap { if case .enumeration(let value) = $0 { value } else { nil } }
    }

    /// The services declared in this file, in source order.
    public var services: [ServiceDefinition] {
        declarations.compactMap { if case .service(let value) = $0 { value } else { nil } }
    }

    /// The unions declared in this file, in source order.
    public var unions: [UnionDefinition] {
        declarations.compactMap { if case .union(let value) = $0 { value } else { nil } }
    }

    /// The type aliases declared in this file, in source order.
    public var aliases: [AliasDefinition] {
        declarations.compactMap { if case .alias(let value) = $0 { value } else { nil } }
    }

    /// The constants declared in this file, in source order.
    public var constants: [ConstantDefinition] {
        declarations.compactMap { if case .constant(let value) = $0 { value } else { nil } }
    }
}

/// Every file of one run (the files asked for and everything they import), checked and laid out.
public struct DefinitionSet: Sendable {
    /// The files in load order: each file after the files it imports.
    public var files: [DefinitionFile]
    /// The paths that were asked for, in the order given (imports that were not asked for are not in here).
    public var rootPaths: [String]
    /// Every struct, by identifier.
    public var structures: [TypeID: StructDefinition]
    /// Every enum and flags type, by identifier.
    public var enumerations: [TypeID: EnumDefinition]
    /// Every union, by identifier.
    public var unions: [TypeID: UnionDefinition] = [:]

    /// The file at `path`, if loaded.
    public func file(at path: String) -> DefinitionFile? { files.first { $0.path == path } }

    /// The files that were asked for, in the order given.
    public var rootFiles: [DefinitionFile] { rootPaths.compactMap { file(at: $0) } }

    /// The `@c_name` of a struct or enum: its name in C headers when it is not the default `a_b_Type`.
    /// - Parameter id: The type.
    /// - Returns: The attribute's name, or `nil` when the type has none.
    public func cNameAttribute(of id: TypeID) -> String? {
        structures[id]?.cName ?? enumerations[id]?.cName
    }

    /// The C layout (size and alignment) of any field type.
    public func layout(of type: FieldType) -> TypeLayoutInfo {
        switch type {
        case .primitive(let primitive):
            return TypeLayoutInfo(size: primitive.size, alignment: primitive.alignment)
        case .array(let element, let count):
            let element = layout(of: element)
            return TypeLayoutInfo(size: element.size * count, alignment: element.alignment)
        case .string(let capacity):
            return LayoutRules.stringLayout(capacity: capacity).info
        case .vector(let element, let capacity):
            return LayoutRules.vectorLayout(element: layout(of: element), capacity: capacity).info
        case .structure(let id):
            let layout = structures[id]!.layout
            return TypeLayoutInfo(size: layout.size, alignment: layout.alignment)
        case .enumeration(let id):
            let underlying = enumerations[id]!.underlying
            return TypeLayoutInfo(size: underlying.size, alignment: underlying.alignment)
        case .union(let id):
            return unions[id]!.layout.info
        case .optional(let wrapped):
            return LayoutRules.optionalLayout(wrapped: layout(of: wrapped)).info
        }
    }
}
