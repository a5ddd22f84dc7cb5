@_spi(Untyped) import ZeroCopyIPC

/// Decodes and encodes whole messages (payload, fixed or slice, and user header) of a service by the descriptors
/// its static config recorded, with nothing but those at hand.
///
/// A fixed payload is one value; a slice payload is a JSON array of its element type, and a `[u8]` slice, bytes,
/// is `{"length": N, "hex": "…"}` (on input also a plain array of integers). A payload whose type recorded no field
/// layout (a hand-written Swift type) decodes as bytes the same way and can only be written as `{"hex": "…"}` of
/// exactly its size.
package struct MessageCodec: Sendable {
    /// The payload as the service records it.
    package var payload: PayloadDescriptor
    /// The user header as the service records it, `nil` when messages carry none.
    package var userHeader: PayloadDescriptor?
    /// What the service calls these messages in error texts: `payload`, `request`, `response`.
    package var role: String

    private let payloadLayout: LayoutDescription?
    private let headerLayout: LayoutDescription?

    /// Creates a codec for the recorded descriptors.
    package init(payload: PayloadDescriptor, userHeader: PayloadDescriptor?, role: String) {
        self.payload = payload
        self.userHeader = userHeader
        self.role = role
        payloadLayout = payload.layoutDescription
        headerLayout = userHeader?.layoutDescription
    }

    /// Whether the payload is a slice of bytes, shown as hex.
    private var isByteSlice: Bool {
        payload.variant == .slice && payloadLayout?.root == .primitive(.u8)
    }

    // MARK: Decoding

    /// The payload of a received or loaned message, field by field.
    package func decodePayload(_ view: RawMessageView) -> PayloadValue {
        let bytes = UnsafeRawBufferPointer(start: view.payload, count: view.count * view.elementSize)
        guard let layout = payloadLayout else { return Self.hex(bytes) }
        switch payload.variant {
        case .fixed:
            return PayloadDecoder(layout: layout).decode(bytes)
        case .slice:
            if isByteSlice { return Self.hex(bytes) }
            let decoder = PayloadDecoder(layout: layout)
            return .array(
                (0..<view.count).map { index in
                    decoder.decode(layout.root, bytes, at: index * view.elementSize)
                })
        }
    }

    /// The user header of a message, `nil` when the service has none.
    package func decodeUserHeader(_ view: RawMessageView) -> PayloadValue? {
        guard let userHeader, let pointer = view.userHeader else { return nil }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: userHeader.size)
        guard let layout = headerLayout else { return Self.hex(bytes) }
        return PayloadDecoder(layout: layout).decode(bytes)
    }

    static func hex(_ bytes: UnsafeRawBufferPointer) -> PayloadValue {
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xf)])
        }
        return .object([.init("length", .integer(Int128(bytes.count))), .init("hex", .string(text))])
    }

    // MARK: Encoding

    /// A message's bytes, ready to be written into a loan.
    package struct Encoded: Sendable, Hashable {
        /// The payload bytes: `count` elements.
        package var payload: [UInt8]
        /// The number of elements to loan (1 for a fixed payload).
        package var count: Int
        /// The user header's bytes, `nil` when the service has none.
        package var userHeader: [UInt8]?

        /// Copies the bytes into a loan of `count` elements.
        package func write(into view: RawMessageView) {
            payload.withUnsafeBytes { view.payload.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            if let userHeader, let target = view.userHeader {
                userHeader.withUnsafeBytes { target.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            }
        }
    }

    /// Encodes a payload and a user header given as JSON.
    /// - Parameters:
    ///   - value: The payload.
    ///   - header: The user header; `nil` when none was given.
    ///   - zeroFill: Whether omitted fields (and an omitted user header) stay zero instead of being an error.
    /// - Returns: The bytes.
    /// - Throws: ``PayloadEncodingError`` naming the field that does not fit, or what is missing.
    package func encode(_ value: JSONInput, header: JSONInput?, zeroFill: Bool) throws(PayloadEncodingError)
        -> Encoded
    {
        let (bytes, count) = try encodePayload(value, zeroFill: zeroFill)
        var headerBytes: [UInt8]?
        if let userHeader {
            if let header {
                guard let layout = headerLayout else {
                    headerBytes = try Self.bytes(fromHex: header, size: userHeader.size, path: "user header")
                    return Encoded(payload: bytes, count: count, userHeader: headerBytes)
                }
                headerBytes = try PayloadEncoder(layout: layout, zeroFill: zeroFill).encode(header)
            } else if zeroFill {
                headerBytes = [UInt8](repeating: 0, count: userHeader.size)
            } else {
                throw PayloadEncodingError(
                    field: "user header",
                    reason: "the service's messages carry a user header of type \(userHeader.typeName); give it "
                        + "with --header '{…}' (or --zero-fill for zeros)")
            }
        } else if header != nil {
            throw PayloadEncodingError(
                field: "user header", reason: "the service's messages carry no user header; leave out --header")
        }
        return Encoded(payload: bytes, count: count, userHeader: headerBytes)
    }

    private func encodePayload(_ value: JSONInput, zeroFill: Bool) throws(PayloadEncodingError)
        -> (bytes: [UInt8], count: Int)
    {
        guard let layout = payloadLayout else {
            guard payload.variant == .fixed else {
                let bytes = try Self.bytes(fromHex: value, size: nil, path: role)
                guard bytes.count % payload.size == 0 else {
                    throw PayloadEncodingError(
                        field: role,
                        reason: "\(bytes.count) bytes are no whole number of \(payload.typeName) elements of "
                            + "\(payload.size) bytes")
                }
                return (bytes, bytes.count / payload.size)
            }
            return (try Self.bytes(fromHex: value, size: payload.size, path: role), 1)
        }
        let encoder = PayloadEncoder(layout: layout, zeroFill: zeroFill)
        switch payload.variant {
        case .fixed:
            return (try encoder.encode(value), 1)
        case .slice:
            if isByteSlice, case .object = value {
                return try Self.bytes(fromHex: value, size: nil, path: role).withCount
            }
            guard case .array(let items) = value else {
                throw PayloadEncodingError(
                    field: role,
                    reason: "the service's \(role) is a slice [\(payload.typeName)]: give a JSON array of its "
                        + "elements" + (isByteSlice ? " or {\"hex\": \"…\"}" : ""))
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(items.count * payload.size)
            for (index, item) in items.enumerated() {
                do {
                    bytes += try encoder.encode(item)
                } catch {
                    // `Point.x` of element 2 reads `payload[2].x`.
                    let root = LayoutDescription.shortName(of: layout.root)
                    let element = "\(role)[\(index)]"
                    let field = error.field.hasPrefix(root) ? element + error.field.dropFirst(root.count) : element
                    throw PayloadEncodingError(field: field, reason: error.reason)
                }
            }
            return (bytes, items.count)
        }
    }

    /// The bytes of `{"hex": "…", "length": N}` (`length` optional), exactly `size` of them when a size is given.
    static func bytes(fromHex value: JSONInput, size: Int?, path: String) throws(PayloadEncodingError) -> [UInt8] {
        func fail(_ reason: String) -> PayloadEncodingError { PayloadEncodingError(field: path, reason: reason) }
        guard case .object(let members) = value, case .string(let text)? = members["hex"] else {
            throw fail(
                "expected {\"hex\": \"…\"}" + (size.map { " of \($0) bytes" } ?? "")
                    + ": the service recorded no field layout for it")
        }
        for key in members.keys.sorted() where key != "hex" && key != "length" {
            throw fail("unknown key '\(key)'; give \"hex\" and, if you like, \"length\"")
        }
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { throw fail("\"\(text.prefix(20))…\" has an odd number of hex digits") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexDigit(digits[index]), let low = hexDigit(digits[index + 1]) else {
                throw fail("'\(String(decoding: digits[index...index + 1], as: UTF8.self))' at \(index) is no hex byte")
            }
            bytes.append(high << 4 | low)
        }
        if let given = members["length"] {
            guard given == .integer(Int128(bytes.count)) else {
                let length: String
                if case .integer(let value) = given { length = "\(value)" } else { length = "not an integer" }
                throw fail("\"length\" is \(length), the hex text holds \(bytes.count) bytes")
            }
        }
        if let size, bytes.count != size { throw fail("has \(bytes.count) bytes, the type is \(size) bytes") }
        return bytes
    }

    private static func hexDigit(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate var withCount: (bytes: [UInt8], count: Int) { (self, count) }
}
