/// The primitive types of the `.ipcdef` language. Each has C's natural size and alignment.
public enum Primitive: String, CaseIterable, Sendable, Hashable {
    case bool, u8, u16, u32, u64, i8, i16, i32, i64, f32, f64

    /// The size in bytes, which is also the alignment.
    public var size: Int {
        switch self {
        case .bool, .u8, .i8: 1
        case .u16, .i16: 2
        case .u32, .i32, .f32: 4
        case .u64, .i64, .f64: 8
        }
    }

    /// The alignment in bytes (natural alignment: equal to the size).
    public var alignment: Int { size }

    /// Whether the type is one of the integer types (`bool` and floats are not).
    public var isInteger: Bool { integerRange != nil }

    /// The values an integer type can hold, or `nil` for `bool`, `f32` and `f64`.
    public var integerRange: ClosedRange<Int128>? {
        switch self {
        case .u8: 0...Int128(UInt8.max)
        case .u16: 0...Int128(UInt16.max)
        case .u32: 0...Int128(UInt32.max)
        case .u64: 0...Int128(UInt64.max)
        case .i8: Int128(Int8.min)...Int128(Int8.max)
        case .i16: Int128(Int16.min)...Int128(Int16.max)
        case .i32: Int128(Int32.min)...Int128(Int32.max)
        case .i64: Int128(Int64.min)...Int128(Int64.max)
        case .bool, .f32, .f64: nil
        }
    }
}
