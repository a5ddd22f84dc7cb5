/// An optional value stored inline with C's layout: a presence byte, `Gap` padding bytes, then the value.
///
/// This is `optional<T>` of an `.ipcdef` file, laid out as C's `struct { uint8_t has_value; T value; }` (the layout
/// iceoryx2 gives its relocatable option). Generated code chooses `Gap` so that the value sits where C puts it,
/// also for a type whose alignment Swift cannot reproduce (`@align(N)`); use it through ``value``:
///
/// ```swift
/// reading.limit = 30          // through ExpressibleByNilLiteral / init(_:)
/// if let limit = reading.limit.value { … }
/// ```
/// Another process may write any presence byte: every value other than 0 reads as present.
@frozen
public struct FixedOptional<Wrapped: ZeroCopySend, let Gap: Int>: ZeroCopySend, Sendable {
    /// 0 when empty, 1 when a value is present.
    @usableFromInline internal var hasValue: UInt8
    @usableFromInline internal var gap: InlineArray<Gap, UInt8>
    @usableFromInline internal var wrapped: Wrapped

    /// The cross-language type name, `optional<T>`.
    public static var typeName: String { "optional<\(Wrapped.typeName)>" }

    /// An empty optional, every byte zero.
    public init() {
        self = _zeroCopyZeroed(Self.self)
    }

    /// An optional holding `value`, or empty for `nil`.
    /// - Parameter value: The value.
    public init(_ value: Wrapped?) {
        self.init()
        self.value = value
    }

    /// The value, or `nil` when none is present; setting `nil` zeroes the stored bytes.
    public var value: Wrapped? {
        get { hasValue != 0 ? wrapped : nil }
        set {
            if let newValue {
                wrapped = newValue
                hasValue = 1
            } else {
                self = Self()
            }
        }
    }
}

extension FixedOptional: Equatable where Wrapped: Equatable {
    /// Equal when both are empty, or both hold equal values.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value == rhs.value }
}

extension FixedOptional: ExpressibleByNilLiteral {
    /// An empty optional.
    public init(nilLiteral: ()) { self.init() }
}

extension FixedOptional: CustomStringConvertible {
    /// The value's description, or `nil`.
    public var description: String { value.map { "\($0)" } ?? "nil" }
}

/// Compares two fixed optionals: both empty, or both present with values equal by `equal` (for wrapped types
/// that are not `Equatable`, such as inline arrays). Called by generated code.
/// - Parameters:
///   - lhs: The first optional.
///   - rhs: The second optional.
///   - equal: How to compare two values.
/// - Returns: Whether the optionals are equal.
@inlinable
public func _zeroCopyElementsEqual<Wrapped, let Gap: Int>(
    _ lhs: FixedOptional<Wrapped, Gap>, _ rhs: FixedOptional<Wrapped, Gap>, by equal: (Wrapped, Wrapped) -> Bool
) -> Bool {
    switch (lhs.value, rhs.value) {
    case (nil, nil): true
    case (let left?, let right?): equal(left, right)
    default: false
    }
}

/// Describes a fixed optional, describing a present value with `describe`. Called by generated code.
/// - Parameters:
///   - optional: The optional.
///   - describe: How to describe the value.
/// - Returns: The description, or `nil`.
public func _zeroCopyDescribe<Wrapped, let Gap: Int>(
    _ optional: FixedOptional<Wrapped, Gap>, by describe: (Wrapped) -> String
) -> String {
    optional.value.map(describe) ?? "nil"
}
