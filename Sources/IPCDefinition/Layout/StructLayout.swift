/// Size and alignment of a type under C rules.
public struct TypeLayoutInfo: Hashable, Sendable {
    /// `sizeof`: always a multiple of the alignment.
    public var size: Int
    /// `_Alignof`.
    public var alignment: Int

    /// Creates a layout.
    public init(size: Int, alignment: Int) {
        self.size = size
        self.alignment = alignment
    }
}

/// Where one field of a struct sits under C rules.
public struct FieldLayout: Hashable, Sendable {
    /// The field's name.
    public var name: String
    /// The offset from the start of the struct.
    public var offset: Int
    /// The field's size (`sizeof` of its type).
    public var size: Int
    /// The field's alignment.
    public var alignment: Int
}

/// A run of padding bytes that C inserts between fields or at the end of a struct.
public struct PaddingLayout: Hashable, Sendable {
    /// The first padding byte.
    public var offset: Int
    /// How many bytes.
    public var size: Int

    /// Creates a padding run.
    public init(offset: Int, size: Int) {
        self.offset = offset
        self.size = size
    }
}

/// The complete C layout of a struct: what `sizeof`, `_Alignof` and `offsetof` report.
public struct StructLayout: Hashable, Sendable {
    /// `sizeof`, a multiple of ``alignment`` (tail padding included).
    public var size: Int
    /// `_Alignof`, including a raised `@align(N)`.
    public var alignment: Int
    /// The alignment the fields alone require (before `@align`).
    public var naturalAlignment: Int
    /// The fields in declaration order.
    public var fields: [FieldLayout]
    /// Every run of padding, in order, including tail padding.
    public var padding: [PaddingLayout]
    /// A stable hash over type names, sizes, offsets and field types (FNV-1a 64 over a canonical text).
    public var fingerprint: UInt64

    /// Size and alignment only.
    public var info: TypeLayoutInfo { TypeLayoutInfo(size: size, alignment: alignment) }
}

/// The C layout rules shared by every part of the generator.
public enum LayoutRules {
    /// Rounds `value` up to a multiple of `alignment` (a power of two), or `nil` on overflow.
    public static func alignUp(_ value: Int, to alignment: Int) -> Int? {
        let (sum, overflow) = value.addingReportingOverflow(alignment - 1)
        return overflow ? nil : sum & ~(alignment - 1)
    }

    /// The members of `string<N>`: `data` (`[u8; N]`), `terminator` (`u8`), `len` (`u64`).
    public static func stringLayout(capacity: Int) -> StructLayout {
        let lenOffset = alignUp(capacity + 1, to: 8)!
        return compose(
            members: [("data", capacity, 1), ("terminator", 1, 1), ("len", 8, 8)],
            offsets: [0, capacity, lenOffset], size: lenOffset + 8, alignment: 8)
    }

    /// The members of `vec<T, N>`: `data` (`[T; N]`), `len` (`u64`).
    public static func vectorLayout(element: TypeLayoutInfo, capacity: Int) -> StructLayout {
        let dataSize = element.size * capacity
        let lenOffset = alignUp(dataSize, to: 8)!
        let alignment = max(element.alignment, 8)
        return compose(
            members: [("data", dataSize, element.alignment), ("len", 8, 8)],
            offsets: [0, lenOffset], size: alignUp(lenOffset + 8, to: alignment)!, alignment: alignment)
    }

    /// The members of `optional<T>`: `has_value` (`u8`, 0 or 1), then `value` (`T`) at its alignment; the size is
    /// `T`'s size after that (already a multiple of the alignment), the alignment `T`'s.
    public static func optionalLayout(wrapped: TypeLayoutInfo) -> StructLayout {
        let valueOffset = max(1, wrapped.alignment)
        return compose(
            members: [("has_value", 1, 1), ("value", wrapped.size, wrapped.alignment)],
            offsets: [0, valueOffset], size: valueOffset + wrapped.size, alignment: wrapped.alignment)
    }

    private static func compose(
        members: [(String, Int, Int)], offsets: [Int], size: Int, alignment: Int
    ) -> StructLayout {
        var fields: [FieldLayout] = []
        var padding: [PaddingLayout] = []
        var end = 0
        for (index, member) in members.enumerated() {
            let offset = offsets[index]
            if offset > end { padding.append(PaddingLayout(offset: end, size: offset - end)) }
            fields.append(FieldLayout(name: member.0, offset: offset, size: member.1, alignment: member.2))
            end = offset + member.1
        }
        if size > end { padding.append(PaddingLayout(offset: end, size: size - end)) }
        return StructLayout(
            size: size, alignment: alignment, naturalAlignment: alignment, fields: fields, padding: padding,
            fingerprint: 0)
    }
}

/// FNV-1a (64-bit) over a canonical text, the layout fingerprint every language computes the same way.
public struct Fingerprint: Sendable {
    /// The hash so far.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// An empty fingerprint.
    public init() {}

    /// Adds `text` and a separator byte (0x1f), so that `"ab","c"` and `"a","bc"` differ.
    public mutating func combine(_ text: String) {
        for byte in text.utf8 { add(byte) }
        add(0x1f)
    }

    /// Adds a number as decimal text.
    public mutating func combine(_ number: Int) { combine(String(number)) }

    /// A fingerprint as it is printed in every generated file and report: `0x` and 16 hexadecimal digits.
    /// - Parameter value: The fingerprint.
    /// - Returns: The text, e.g. `0x00c0ffee00c0ffee`.
    public static func hexString(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }

    private mutating func add(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01b3
    }
}
