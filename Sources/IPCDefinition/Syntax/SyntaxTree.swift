// The parsed, unresolved form of one `.ipcdef` file. Every node carries the location it came from, so that the
// checker can point at it. Names are resolved and layouts computed by the checker, not here.

/// A count or capacity as written: a literal, a constant's name, or something that is not an integer.
enum CapacitySyntax: Sendable, Hashable {
    case literal(Int128, SourceLocation)
    case constant(String, SourceLocation)
    case nonInteger(String, SourceLocation)
    /// A constant expression such as `N * 2`.
    case expression(ExpressionSyntax, SourceLocation)

    var location: SourceLocation {
        switch self {
        case .literal(_, let location), .constant(_, let location), .nonInteger(_, let location),
            .expression(_, let location):
            location
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
    /// `optional<T>`.
    case optional(TypeSyntax, SourceLocation)
    /// `*T` or `&T`: parsed only to be refused with a clear message.
    case pointer(SourceLocation)

    var location: SourceLocation {
        switch self {
        case .named(_, let location), .array(_, _, let location), .string(_, let location),
            .vector(_, _, let location), .optional(_, let location), .pointer(let location):
            location
        }
    }
}

/// A value as written after `=` in a field's default.
enum ValueSyntax: Sendable, Hashable {
    /// An integer, sign applied.
    case integer(Int128, SourceLocation)
    /// A number with a fraction, as written (sign included).
    case number(String, SourceLocation)
    /// A quoted string.
    case string(String, SourceLocation)
    /// One name or several joined with `|`: `true`, `none`, an enum case, flags, a constant.
    case names([String], SourceLocation)

    var location: SourceLocation {
        switch self {
        case .integer(_, let location), .number(_, let location), .string(_, let location),
            .names(_, let location):
            location
        }
    }
}

/// An integer expression in a `const` declaration: literals, constants, `+ - * / % << >>` and parentheses.
indirect enum ExpressionSyntax: Sendable, Hashable {
    case integer(Int128, SourceLocation)
    case constant(String, SourceLocation)
    case negate(ExpressionSyntax, SourceLocation)
    /// `lhs op rhs`; the location is the operator's.
    case binary(String, ExpressionSyntax, ExpressionSyntax, SourceLocation)

    var location: SourceLocation {
        switch self {
        case .integer(_, let location), .constant(_, let location), .negate(_, let location),
            .binary(_, _, _, let location):
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
    /// The default after `=`, if any.
    var defaultValue: ValueSyntax? = nil
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
    /// The value as an expression that names constants (`1 << SHIFT`); `value` is set from it by the checker.
    var expression: ExpressionSyntax? = nil
}

struct EnumSyntax: Sendable, Hashable {
    /// Whether this is a `flags` declaration (an option set) rather than an `enum`.
    var isFlags = false
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
    /// `request_response` (also when omitted), `publish_subscribe` or `event`, as written after the name.
    var pattern: String?
    var patternLocation: SourceLocation?
    /// The members by name (`request`, `response`, `request_header`, `response_header`, `payload`,
    /// `user_header`), each with where it was written.
    var members: [String: (payload: PayloadSyntax, location: SourceLocation)] = [:]

    var request: PayloadSyntax? { members["request"]?.payload }
    var response: PayloadSyntax? { members["response"]?.payload }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.serviceName == rhs.serviceName && lhs.identifier == rhs.identifier && lhs.location == rhs.location
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(serviceName)
        hasher.combine(location)
    }
}

struct ConstantSyntax: Sendable, Hashable {
    var name: String
    var location: SourceLocation
    var expression: ExpressionSyntax
    var documentation: [String]
}

/// `union Name: u8 { case: Type … }`: a tag and one of several payloads.
struct UnionSyntax: Sendable, Hashable {
    var name: String
    var location: SourceLocation
    /// The tag's integer type as written, or empty when the generator chooses it.
    var tag: String
    var tagLocation: SourceLocation
    var attributes: [AttributeSyntax]
    var documentation: [String]
    var cases: [UnionCaseSyntax]
    var hadSyntaxErrors = false
}

/// One case of a union: a name and an optional payload type.
struct UnionCaseSyntax: Sendable, Hashable {
    var name: String
    var location: SourceLocation
    var type: TypeSyntax?
    var documentation: [String]
}

/// `type Name = T`.
struct AliasSyntax: Sendable, Hashable {
    var name: String
    var location: SourceLocation
    var type: TypeSyntax
    var documentation: [String]
}

enum DeclarationSyntax: Sendable, Hashable {
    case structure(StructSyntax)
    case enumeration(EnumSyntax)
    case service(ServiceSyntax)
    case constant(ConstantSyntax)
    case union(UnionSyntax)
    case alias(AliasSyntax)
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
