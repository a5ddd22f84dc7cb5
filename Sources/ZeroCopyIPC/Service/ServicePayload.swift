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
    static var descriptor: PayloadDescriptor { descriptor(alignment: nil) }

    /// The description with the payload aligned to at least `alignment` (the builders' `…PayloadAlignment(_:)`).
    static func descriptor(alignment: Int?) -> PayloadDescriptor {
        let layout = PayloadElement.zeroCopyLayout
        return PayloadDescriptor(
            typeName: layout.typeName, size: layout.size, alignment: max(layout.alignment, alignment ?? 1),
            variant: payloadVariant, fingerprint: layout.fingerprint, layout: layout.layoutDescription)
    }
}

/// Checks a payload alignment requested from a service builder.
/// - Returns: The problem in words, `nil` when `alignment` is a power of two no larger than a page.
func payloadAlignmentProblem(_ alignment: Int?, of payload: String) -> String? {
    guard let alignment else { return nil }
    guard alignment > 0, alignment & (alignment - 1) == 0 else {
        return "the requested \(payload) payload alignment \(alignment) is not a power of two"
    }
    guard alignment <= PayloadDescriptor.maxAlignment else {
        return "the requested \(payload) payload alignment \(alignment) exceeds \(PayloadDescriptor.maxAlignment), "
            + "the alignment of a shared-memory mapping"
    }
    return nil
}

extension PayloadDescriptor {
    /// The largest payload alignment a service can give: every mapping starts on a page.
    static let maxAlignment = 4096
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
    /// The element's complete field layout as ``LayoutDescription`` text; `nil` for a hand-written type and in
    /// static configs written before field layouts were recorded.
    public var layout: String?

    /// Creates a descriptor.
    /// - Parameters:
    ///   - typeName: The element's cross-language type name.
    ///   - size: The element's size.
    ///   - alignment: The element's alignment in shared memory.
    ///   - variant: Fixed value or slice.
    ///   - fingerprint: The layout fingerprint.
    ///   - layout: The field layout text, if known.
    public init(
        typeName: String, size: Int, alignment: Int, variant: PayloadVariant, fingerprint: UInt64,
        layout: String? = nil
    ) {
        self.typeName = typeName
        self.size = size
        self.alignment = alignment
        self.variant = variant
        self.fingerprint = fingerprint
        self.layout = layout
    }

    /// The field layout, read from ``layout``; `nil` when there is none or it cannot be read.
    public var layoutDescription: LayoutDescription? { layout.flatMap { try? LayoutDescription(parsing: $0) } }

    /// A human-readable summary, as used in error messages.
    public var description: String {
        let shape = variant == .slice ? "[\(typeName)]" : typeName
        return "\(shape) (size \(size), alignment \(alignment), fingerprint \(UniqueHex.hex(fingerprint)))"
    }

    /// Every property in which `other`, what an opener requires, does not fit this descriptor, what the service
    /// provides, in words. Alignment fits when the service's is at least the one required (as in iceoryx2: a
    /// service created with a larger payload alignment serves openers that need less).
    func differences(from other: PayloadDescriptor) -> [String] {
        var result: [String] = []
        if typeName != other.typeName { result.append("type name '\(other.typeName)' vs '\(typeName)'") }
        if variant != other.variant { result.append("variant \(other.variant) vs \(variant)") }
        if size != other.size { result.append("size \(other.size) vs \(size)") }
        if other.alignment > alignment {
            result.append("alignment \(other.alignment) required, the service's is \(alignment)")
        }
        if fingerprint != other.fingerprint {
            result.append(
                "layout fingerprint \(UniqueHex.hex(other.fingerprint)) vs \(UniqueHex.hex(fingerprint))")
            // Both sides carry their field layouts (configs from older versions do not): name the field.
            if let mine = layoutDescription, let theirs = other.layoutDescription {
                let fields = mine.differences(from: theirs)
                if !fields.isEmpty {
                    result.append("first differing fields (the service's → this process's): "
                        + fields.joined(separator: "; "))
                }
            }
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
