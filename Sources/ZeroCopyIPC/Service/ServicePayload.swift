/// Whether a service payload is one value of fixed size or a slice of values whose length each message chooses.
public enum PayloadVariant: String, Sendable, Hashable {
    /// One value of a ``ZeroCopySend`` type.
    case fixed
    /// A contiguous run of values of a ``ZeroCopySend`` type, for example `[UInt8]`.
    case slice
}

/// A type that can be the request or response of a service: a ``ZeroCopySend`` value (fixed size) or an `Array` of
/// one (a dynamic slice).
///
/// You never conform to this protocol yourself: `ZeroCopySend` types and `Array`s of them already do.
public protocol ServicePayload {
    /// The type of each element stored in shared memory (the type itself for a fixed payload).
    associatedtype PayloadElement: ZeroCopySend
    /// Whether the payload is fixed or a slice.
    static var payloadVariant: PayloadVariant { get }
}

/// A slice payload, `[Element]`, whose length each loan chooses.
public protocol SlicePayload: ServicePayload {}

extension Array: ServicePayload where Element: ZeroCopySend {
    /// The element stored in shared memory.
    public typealias PayloadElement = Element
    /// An array is a slice payload.
    public static var payloadVariant: PayloadVariant { .slice }
}

extension Array: SlicePayload where Element: ZeroCopySend {}

extension ServicePayload {
    /// The description a service records and compares for this payload.
    static var descriptor: PayloadDescriptor {
        let layout = PayloadElement.zeroCopyLayout
        return PayloadDescriptor(
            typeName: layout.typeName, size: layout.size, alignment: layout.alignment,
            variant: payloadVariant, fingerprint: layout.fingerprint)
    }
}

/// What a service records about one payload type: enough to refuse a process whose type differs in any byte.
public struct PayloadDescriptor: Sendable, Hashable, CustomStringConvertible {
    /// The cross-language type name of the element.
    public var typeName: String
    /// The element's size in bytes (C rules).
    public var size: Int
    /// The element's alignment in shared memory (C rules, including `@align(N)`).
    public var alignment: Int
    /// Fixed value or slice.
    public var variant: PayloadVariant
    /// The layout fingerprint of the element type.
    public var fingerprint: UInt64

    /// A human-readable summary, as used in error messages.
    public var description: String {
        let shape = variant == .slice ? "[\(typeName)]" : typeName
        return "\(shape) (size \(size), alignment \(alignment), fingerprint \(UniqueHex.hex(fingerprint)))"
    }

    /// Every property in which `other` differs from this descriptor, in words.
    func differences(from other: PayloadDescriptor) -> [String] {
        var result: [String] = []
        if typeName != other.typeName { result.append("type name '\(other.typeName)' vs '\(typeName)'") }
        if variant != other.variant { result.append("variant \(other.variant) vs \(variant)") }
        if size != other.size { result.append("size \(other.size) vs \(size)") }
        if alignment != other.alignment { result.append("alignment \(other.alignment) vs \(alignment)") }
        if fingerprint != other.fingerprint {
            result.append(
                "layout fingerprint \(UniqueHex.hex(other.fingerprint)) vs \(UniqueHex.hex(fingerprint))")
        }
        return result
    }
}

/// Hex formatting shared by names and messages.
enum UniqueHex {
    static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}

/// Fixed arrays conform to ``ZeroCopySend`` (see `FixedVector.swift`); their conditional conformance must state the
/// inherited ``ServicePayload`` conformance under the same condition.
extension InlineArray: ServicePayload where Element: ZeroCopySend {
    /// A fixed array is one fixed-size payload.
    public typealias PayloadElement = Self
}
