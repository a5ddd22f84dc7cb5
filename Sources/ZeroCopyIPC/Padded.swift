/// A value followed by `Tail` zero bytes, so that its size is the one C gives it.
///
/// Swift cannot raise a type's alignment, so a `FixedVector` of elements aligned above 8 bytes ends 8 bytes after
/// its elements, where C pads the vector on to its alignment. As a struct field the generator writes that padding
/// after the field; as the element of an array, vector or optional (`[vec<Slot, 2>; 3]`) it wraps the vector in
/// `Padded` instead. Use the vector through ``value``:
///
/// ```swift
/// try drawing.rows[1].value.append(slot)
/// ```
@frozen
public struct Padded<Wrapped: ZeroCopySend, let Tail: Int>: ZeroCopySend, Sendable {
    /// The wrapped value.
    public var value: Wrapped
    @usableFromInline internal var tail: InlineArray<Tail, UInt8>

    /// The cross-language type name: the wrapped type's (the padding is part of its C layout).
    public static var typeName: String { Wrapped.typeName }

    /// A value whose every byte is zero.
    public init() {
        self = _zeroCopyZeroed(Self.self)
    }

    /// Wraps `value`, with zero padding.
    /// - Parameter value: The value.
    public init(_ value: Wrapped) {
        self.init()
        self.value = value
    }
}

extension Padded: Equatable where Wrapped: Equatable {
    /// Equal when the wrapped values are equal; the padding is not compared.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value == rhs.value }
}

extension Padded: CustomStringConvertible {
    /// The wrapped value's description.
    public var description: String { "\(value)" }
}
