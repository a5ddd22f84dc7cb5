/// Explanations for type names people reach for that the language does not have, each naming what to use instead.
enum UnsupportedTypes {
    private static let pointer =
        "pointers cannot cross process boundaries (every process maps shared memory at a different address); "
        + "store an offset or an index such as 'u64' instead"

    /// Why `name` is not a type, or `nil` when it is simply unknown.
    static func explanation(for name: String) -> String? {
        switch name {
        case "String", "str", "Str", "text":
            "'\(name)' is not supported: it owns heap memory, which cannot live in shared memory; "
                + "use 'string<N>' for UTF-8 text of at most N bytes"
        case "string": "'string' needs a capacity: write 'string<N>'"
        case "vec", "Vec", "Array", "array", "list", "List":
            "'\(name)' is not supported: use 'vec<T, N>' for up to N elements or '[T; N]' for exactly N"
        case "usize", "isize", "size_t", "ssize_t", "uintptr_t", "intptr_t", "Int", "UInt":
            "'\(name)' has a platform-dependent size; use '\(name.hasPrefix("u") || name.hasPrefix("U") || name == "size_t" ? "u64" : "i64")'"
        case "ptr", "pointer", "Pointer", "void", "UnsafePointer", "UnsafeMutablePointer", "UnsafeRawPointer",
            "UnsafeMutableRawPointer", "OpaquePointer", "Box", "Rc", "Arc", "ref":
            "'\(name)' is not supported: " + pointer
        case "u128", "i128", "UInt128", "Int128", "f16", "f128", "Float16", "Float80":
            "'\(name)' is not supported; the primitive types are bool, u8, u16, u32, u64, i8, i16, i32, i64, f32, f64"
        case "int", "int32_t", "Int32": "unknown type '\(name)'; use 'i32'"
        case "uint", "unsigned", "uint32_t", "UInt32": "unknown type '\(name)'; use 'u32'"
        case "short", "int16_t", "Int16": "unknown type '\(name)'; use 'i16'"
        case "ushort", "uint16_t", "UInt16": "unknown type '\(name)'; use 'u16'"
        case "long", "int64_t", "Int64": "unknown type '\(name)'; use 'i64'"
        case "ulong", "uint64_t", "UInt64": "unknown type '\(name)'; use 'u64'"
        case "char", "int8_t", "Int8", "byte": "unknown type '\(name)'; use 'i8' or 'u8'"
        case "uchar", "uint8_t", "UInt8", "Byte": "unknown type '\(name)'; use 'u8'"
        case "float", "Float", "Float32": "unknown type '\(name)'; use 'f32'"
        case "double", "Double", "Float64": "unknown type '\(name)'; use 'f64'"
        case "Bool", "boolean", "_Bool": "unknown type '\(name)'; use 'bool'"
        default: nil
        }
    }

    /// Why pointer syntax (`*T`, `&T`) is refused.
    static var pointerSyntax: String { "pointer types are not supported: " + pointer }
}
