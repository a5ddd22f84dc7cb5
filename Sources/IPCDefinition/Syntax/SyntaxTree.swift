// The parsed, unresolved form of one `.ipcdef` file. Every node carries the location it came from, so that the
// checker can point at it. Names are resolved and layouts computed by the checker, not here.

/// A count or capacity as written: a literal, a constant's name, or something that is not an integer.
enum CapacitySyntax: Sendable, Hashable {
    case literal(Int128, SourceLocation)
    case constant(String, SourceLocation)
    case nonInteger(String, SourceLocation)

    var location: SourceLocation {
        switch self {
        case .literal(_, let location), .constant(_, let location), .nonInteger(_, let location): location
        }
    }
}

/// A type as written in a field or service.
indirect enum TypeSyntax: Sendable, Hashable {
    /// A primitive or a (possibly qualified) struct or enum name.
    case named([String], SourceLocation)
    /// `[T; N]`.
    case array(TypeSyntax, CapacitySyntax, SourceLocation)
    /// `string<N>`.
    case string(CapacitySyntax, SourceLocation)
    /// `vec<T, N>`.
    case vector(TypeSyntax, CapacitySyntax, SourceLocation)
    /// `*T` or `&T`: parsed only to be refused with a clear message.
    case pointer(SourceLocation)

    var location: SourceLocation {
        switch self {
        case .named(_, let location), .array(_, _, let location), .string(_, let location),
            .vector(_, _, let location), .pointer(let location):
            location
        }
    }
}

/// `@name(arguments)`.
struct AttributeSyntax: Sendable, Hashable {
    enum Argument: Sendable, Hashable {
        case integer(Int128)
        case string(String)
    }

    var name: String
    var arguments: [Argument]
    var location: SourceLocation
}

struct FieldSyntax: Sendable, Hashable {
    var name: String
    var location: SourceLocation
    var type: TypeSyntax
    var documentation: [String]
}

struct StructSyntax: Sendable, Hashable {
    var name: String
    var location: SourceLocation
    var attributes: [AttributeSyntax]
    var documentation: [String]
    var fields: [FieldSyntax]
    /// Whether the parser reported an error inside the body (so that the checker does not pile on).
    var hadSyntaxErrors = false
}

struct EnumCaseSyntax: Sendable, Hashable {
    var name: String
    var location: SourceLocation
    var value: Int128
    var valueLocation: SourceLocation
    var documentation: [String]
}

struct EnumSyntax: Sendable, Hashable {
    var name: String
    var location: SourceLocation
    var underlying: String
    var underlyingLocation: SourceLocation
    var attributes: [AttributeSyntax]
    var documentation: [String]
    var cases: [EnumCaseSyntax]
}

/// One side of a service: a type, or a slice `[T]`.
struct PayloadSyntax: Sendable, Hashable {
    var type: TypeSyntax
    var isSlice: Bool
}

struct ServiceSyntax: Sendable, Hashable {
    var serviceName: String
    var identifier: String?
    var location: SourceLocation
    var attributes: [AttributeSyntax]
    var documentation: [String]
    var request: PayloadSyntax?
    var response: PayloadSyntax?
}

struct ConstantSyntax: Sendable, Hashable {
    var name: String
    var location: SourceLocation
    var value: Int128
    var documentation: [String]
}

enum DeclarationSyntax: Sendable, Hashable {
    case structure(StructSyntax)
    case enumeration(EnumSyntax)
    case service(ServiceSyntax)
    case constant(ConstantSyntax)
}

struct ImportSyntax: Sendable, Hashable {
    var path: String
    var location: SourceLocation
}

struct FileSyntax: Sendable {
    var path: String
    var package: [String]
    var packageLocation: SourceLocation?
    var imports: [ImportSyntax]
    var declarations: [DeclarationSyntax]
}
