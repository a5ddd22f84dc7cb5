import ZeroCopyIPC

/// Decodes payload bytes field by field with nothing but the service's recorded field layout.
///
/// Enums decode to their case name (an unnamed value to its integer), flags to the names of the flags set (bits
/// no flag names follow as one integer), unions to `{"case": payload}` (`{"unknown": tag}` for a tag no case
/// names), optionals to `null` or their value, strings and vectors to their first `len` bytes or elements (a
/// length above the capacity, as a corrupt writer could leave it, is cut to the capacity).
public struct PayloadDecoder: Sendable {
    /// The layout the bytes follow.
    public var layout: LayoutDescription

    /// Creates a decoder for `layout`.
    public init(layout: LayoutDescription) { self.layout = layout }

    /// Decodes one value of the root type.
    /// - Parameter bytes: At least the root type's size of bytes.
    /// - Returns: The value.
    public func decode(_ bytes: UnsafeRawBufferPointer) -> PayloadValue {
        decode(layout.root, bytes, at: 0)
    }

    /// Decodes a value of `type` at `offset`.
    public func decode(_ type: LayoutDescription.FieldType, _ bytes: UnsafeRawBufferPointer, at offset: Int)
        -> PayloadValue
    {
        let size = layout.size(of: type) ?? 0
        guard offset >= 0, offset + size <= bytes.count else { return .null }
        switch type {
        case .primitive(let primitive):
            return Self.primitive(primitive, bytes, at: offset)
        case .array(let element, let count):
            let stride = layout.size(of: element) ?? 0
            return .array((0..<count).map { decode(element, bytes, at: offset + $0 * stride) })
        case .string(let capacity):
            let length = min(
                Int(
                    clamping: Self.unsigned(
                        bytes,
                        at: offset
                            + LayoutDescription.stringLengthOffset(
                                capacity: capacity), size: 8)), capacity)
            let text = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])
            return .string(String(decoding: text, as: UTF8.self))
        case .vector(let element, let capacity):
            let stride = layout.size(of: element) ?? 0
            let lengthOffset = LayoutDescription.vectorLengthOffset(dataSize: stride * capacity)
            let length = min(Int(clamping: Self.unsigned(bytes, at: offset + lengthOffset, size: 8)), capacity)
            return .array((0..<length).map { decode(element, bytes, at: offset + $0 * stride) })
        case .optional(let wrapped):
            guard bytes[offset] != 0 else { return .null }
            return decode(wrapped, bytes, at: offset + max(1, layout.alignment(of: wrapped) ?? 1))
        case .named(let name):
            return decodeNamed(name, bytes, at: offset)
        }
    }

    private func decodeNamed(_ name: String, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> PayloadValue {
        switch layout.declaration(named: name) {
        case .structure(_, _, _, let fields)?:
            return .object(fields.map { .init($0.name, decode($0.type, bytes, at: offset + $0.offset)) })
        case .enumeration(_, let underlying, let cases)?:
            let value = Self.integer(underlying, bytes, at: offset)
            return cases.first { $0.value == value }.map { .string($0.name) } ?? .integer(value)
        case .flags(_, let underlying, let cases)?:
            let value = Self.unsigned(bytes, at: offset, size: underlying.size)
            var rest = value
            var names: [PayloadValue] = []
            for item in cases
            where item.value != 0
                && value & UInt64(truncatingIfNeeded: item.value) == UInt64(truncatingIfNeeded: item.value)
            {
                names.append(.string(item.name))
                rest &= ~UInt64(truncatingIfNeeded: item.value)
            }
            if rest != 0 { names.append(.integer(Int128(rest))) }
            return .array(names)
        case .union(_, _, _, let tagType, let valueOffset, let cases)?:
            let tag = Self.integer(tagType, bytes, at: offset)
            guard let item = cases.first(where: { $0.tag == tag }) else {
                return .object([.init("unknown", .integer(tag))])
            }
            return .object([.init(item.name, item.type.map { decode($0, bytes, at: offset + valueOffset) } ?? .null)])
        case nil:
            return .null
        }
    }

    static func unsigned(_ bytes: UnsafeRawBufferPointer, at offset: Int, size: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in (0..<size).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        return value
    }

    static func integer(_ primitive: LayoutDescription.Primitive, _ bytes: UnsafeRawBufferPointer, at offset: Int)
        -> Int128
    {
        let raw = unsigned(bytes, at: offset, size: primitive.size)
        switch primitive {
        case .i8: return Int128(Int8(truncatingIfNeeded: raw))
        case .i16: return Int128(Int16(truncatingIfNeeded: raw))
        case .i32: return Int128(Int32(truncatingIfNeeded: raw))
        case .i64: return Int128(Int64(bitPattern: raw))
        default: return Int128(raw)
        }
    }

    static func primitive(_ primitive: LayoutDescription.Primitive, _ bytes: UnsafeRawBufferPointer, at offset: Int)
        -> PayloadValue
    {
        switch primitive {
        case .bool: return .bool(bytes[offset] != 0)
        case .f32:
            // Through the shortest text that reads back as the same Float, so that 0.1 prints as 0.1, not as
            // 0.10000000149011612 (the Float's exact value as a Double).
            let value = Float(bitPattern: UInt32(unsigned(bytes, at: offset, size: 4)))
            return .number(Double(value.description) ?? Double(value))
        case .f64: return .number(Double(bitPattern: unsigned(bytes, at: offset, size: 8)))
        default: return .integer(integer(primitive, bytes, at: offset))
        }
    }
}
