import Foundation
import ZeroCopyIPC

/// A JSON value as `zcipc service publish` reads it.
public indirect enum JSONInput: Decodable, Sendable, Hashable {
    case bool(Bool), integer(Int128), number(Double), string(String), array([JSONInput])
    case object([String: JSONInput]), null

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(Int128(value))
        } else if let value = try? container.decode(UInt64.self) {
            self = .integer(Int128(value))
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONInput].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONInput].self))
        }
    }

    /// Parses JSON text.
    /// - Throws: ``PayloadEncodingError`` when the text is not JSON.
    public static func parse(_ text: String) throws(PayloadEncodingError) -> JSONInput {
        do {
            return try JSONDecoder().decode(JSONInput.self, from: Data(text.utf8))
        } catch {
            throw PayloadEncodingError(field: "", reason: "the input is not valid JSON (\(text.prefix(60)))")
        }
    }
}

/// A JSON value that does not fit the payload, naming the field.
public struct PayloadEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field's path, `Telemetry.label`.
    public var field: String
    /// What is wrong.
    public var reason: String

    /// `Telemetry.label: "…" is 20 bytes, string<12> holds at most 12`.
    public var description: String { field.isEmpty ? reason : "\(field): \(reason)" }
}

/// Writes a JSON value into payload bytes by the service's recorded field layout: every field it names is checked
/// against its type (range, length, case names) and written; unknown fields are errors.
///
/// The recorded layout holds no default values (a definition's `= 30.0` lives in the generated initialisers only),
/// so an omitted field has no value to take: omitting one is an error naming every missing field, unless
/// ``zeroFill`` is set, which leaves them zero. An omitted `optional<T>` field is empty, as `null` would make it.
public struct PayloadEncoder: Sendable {
    /// The layout to write.
    public var layout: LayoutDescription
    /// Whether omitted fields stay zero instead of being an error.
    public var zeroFill: Bool

    /// Creates an encoder for `layout`.
    /// - Parameters:
    ///   - layout: The layout to write.
    ///   - zeroFill: Whether omitted fields stay zero (`false`: omitting a field is an error naming it).
    public init(layout: LayoutDescription, zeroFill: Bool = false) {
        self.layout = layout
        self.zeroFill = zeroFill
    }

    /// The bytes of one value of the root type.
    /// - Parameter value: The JSON value.
    /// - Throws: ``PayloadEncodingError`` naming the first field whose value does not fit, or every field omitted.
    public func encode(_ value: JSONInput) throws(PayloadEncodingError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: layout.size(of: layout.root) ?? 0)
        let root = LayoutDescription.shortName(of: layout.root)
        var missing: [String] = []
        try write(value, as: layout.root, into: &bytes, at: 0, path: root, missing: &missing)
        if !missing.isEmpty && !zeroFill {
            throw PayloadEncodingError(
                field: missing.count == 1 ? missing[0] : root,
                reason: (missing.count == 1 ? "missing; " : "missing fields \(missing.joined(separator: ", ")); ")
                    + "the recorded layout has no defaults, so give every field (or --zero-fill for zeros)")
        }
        return bytes
    }

    private func write(
        _ value: JSONInput, as type: LayoutDescription.FieldType, into bytes: inout [UInt8], at offset: Int,
        path: String, missing: inout [String]
    ) throws(PayloadEncodingError) {
        func fail(_ reason: String) -> PayloadEncodingError { PayloadEncodingError(field: path, reason: reason) }
        switch type {
        case .primitive(let primitive):
            try writePrimitive(value, primitive, into: &bytes, at: offset, path: path)
        case .array(let element, let count):
            guard case .array(let items) = value else { throw fail("expected an array of \(count) \(element)") }
            guard items.count == count else {
                throw fail("has \(items.count) elements, [\(element); \(count)] needs \(count)")
            }
            let stride = layout.size(of: element) ?? 0
            for (index, item) in items.enumerated() {
                try write(
                    item, as: element, into: &bytes, at: offset + index * stride, path: "\(path)[\(index)]",
                    missing: &missing)
            }
        case .string(let capacity):
            guard case .string(let text) = value else { throw fail("expected a string") }
            let utf8 = Array(text.utf8)
            guard utf8.count <= capacity else {
                throw fail("\"\(text)\" is \(utf8.count) bytes, string<\(capacity)> holds at most \(capacity)")
            }
            bytes.replaceSubrange(offset..<offset + utf8.count, with: utf8)
            Self.store(
                UInt64(utf8.count), size: 8, into: &bytes,
                at: offset + LayoutDescription.stringLengthOffset(capacity: capacity))
        case .vector(let element, let capacity):
            guard case .array(let items) = value else {
                throw fail("expected an array of at most \(capacity) \(element)")
            }
            guard items.count <= capacity else {
                throw fail("has \(items.count) elements, vec<\(element), \(capacity)> holds at most \(capacity)")
            }
            let stride = layout.size(of: element) ?? 0
            for (index, item) in items.enumerated() {
                try write(
                    item, as: element, into: &bytes, at: offset + index * stride, path: "\(path)[\(index)]",
                    missing: &missing)
            }
            Self.store(
                UInt64(items.count), size: 8, into: &bytes,
                at: offset + LayoutDescription.vectorLengthOffset(dataSize: stride * capacity))
        case .optional(let wrapped):
            if value == .null { return }
            bytes[offset] = 1
            try write(
                value, as: wrapped, into: &bytes, at: offset + max(1, layout.alignment(of: wrapped) ?? 1), path: path,
                missing: &missing)
        case .named(let name):
            try writeNamed(value, name, into: &bytes, at: offset, path: path, missing: &missing)
        }
    }

    private func writeNamed(
        _ value: JSONInput, _ name: String, into bytes: inout [UInt8], at offset: Int, path: String,
        missing: inout [String]
    ) throws(PayloadEncodingError) {
        func fail(_ reason: String) -> PayloadEncodingError { PayloadEncodingError(field: path, reason: reason) }
        switch layout.declaration(named: name) {
        case .structure(_, _, _, let fields)?:
            guard case .object(let members) = value else { throw fail("expected an object of \(name)") }
            for key in members.keys.sorted() where !fields.contains(where: { $0.name == key }) {
                throw fail(
                    "\(name) has no field '\(key)'; its fields are \(fields.map(\.name).joined(separator: ", "))")
            }
            for field in fields {
                guard let member = members[field.name] else {
                    if case .optional = field.type { continue }
                    missing.append("\(path).\(field.name)")
                    continue
                }
                try write(
                    member, as: field.type, into: &bytes, at: offset + field.offset, path: "\(path).\(field.name)",
                    missing: &missing)
            }
        case .enumeration(_, let underlying, let cases)?:
            switch value {
            case .string(let text):
                guard let item = cases.first(where: { $0.name == text }) else {
                    throw fail(
                        "'\(text)' is no case of \(name); its cases are \(cases.map(\.name).joined(separator: ", "))")
                }
                try writeInteger(item.value, underlying, into: &bytes, at: offset, path: path)
            case .integer(let number): try writeInteger(number, underlying, into: &bytes, at: offset, path: path)
            default: throw fail("expected a case name of \(name)")
            }
        case .flags(_, let underlying, let cases)?:
            guard case .array(let items) = value else { throw fail("expected an array of flag names of \(name)") }
            var bits: Int128 = 0
            for item in items {
                switch item {
                case .string(let text):
                    guard let flag = cases.first(where: { $0.name == text }) else {
                        throw fail(
                            "'\(text)' is no flag of \(name); its flags are \(cases.map(\.name).joined(separator: ", "))"
                        )
                    }
                    bits |= flag.value
                case .integer(let number): bits |= number
                default: throw fail("expected flag names of \(name)")
                }
            }
            try writeInteger(bits, underlying, into: &bytes, at: offset, path: path)
        case .union(_, _, _, let tagType, let valueOffset, let cases)?:
            guard case .object(let members) = value, members.count == 1, let (key, payload) = members.first else {
                throw fail(
                    "expected one case of \(name) as {\"case\": value}; its cases are "
                        + cases.map(\.name).joined(separator: ", "))
            }
            guard let item = cases.first(where: { $0.name == key }) else {
                throw fail("'\(key)' is no case of \(name); its cases are \(cases.map(\.name).joined(separator: ", "))")
            }
            try writeInteger(item.tag, tagType, into: &bytes, at: offset, path: path)
            if item.type == nil && payload != .null {
                throw fail("case '\(key)' of \(name) carries no value; write {\"\(key)\": null}")
            }
            if let type = item.type {
                try write(
                    payload, as: type, into: &bytes, at: offset + valueOffset, path: "\(path).\(key)",
                    missing: &missing)
            }
        case nil:
            throw fail("the layout does not describe type '\(name)'")
        }
    }

    private func writePrimitive(
        _ value: JSONInput, _ primitive: LayoutDescription.Primitive, into bytes: inout [UInt8], at offset: Int,
        path: String
    ) throws(PayloadEncodingError) {
        switch (primitive, value) {
        case (.bool, .bool(let flag)): bytes[offset] = flag ? 1 : 0
        case (.f32, .integer(let number)):
            Self.store(UInt64(Float(number).bitPattern), size: 4, into: &bytes, at: offset)
        case (.f32, .number(let number)):
            guard number.isNaN || abs(number) <= Double(Float.greatestFiniteMagnitude) else {
                throw PayloadEncodingError(field: path, reason: "\(number) does not fit f32")
            }
            Self.store(UInt64(Float(number).bitPattern), size: 4, into: &bytes, at: offset)
        case (.f64, .integer(let number)): Self.store(Double(number).bitPattern, size: 8, into: &bytes, at: offset)
        case (.f64, .number(let number)): Self.store(number.bitPattern, size: 8, into: &bytes, at: offset)
        case (.bool, _), (.f32, _), (.f64, _):
            throw PayloadEncodingError(
                field: path, reason: "expected \(primitive == .bool ? "true or false" : "a number") for \(primitive)")
        case (_, .integer(let number)): try writeInteger(number, primitive, into: &bytes, at: offset, path: path)
        case (_, .number(let number)) where Int128(exactly: number) != nil:
            // An integer written as `3.0`, or one too large for Int64 and UInt64, arrives as a Double.
            try writeInteger(Int128(exactly: number)!, primitive, into: &bytes, at: offset, path: path)
        default: throw PayloadEncodingError(field: path, reason: "expected an integer for \(primitive)")
        }
    }

    private func writeInteger(
        _ value: Int128, _ primitive: LayoutDescription.Primitive, into bytes: inout [UInt8], at offset: Int,
        path: String
    ) throws(PayloadEncodingError) {
        let bits = primitive.size * 8
        let signed = [.i8, .i16, .i32, .i64].contains(primitive)
        let range: ClosedRange<Int128> =
            signed
            ? -(Int128(1) << (bits - 1))...(Int128(1) << (bits - 1)) - 1 : 0...(Int128(1) << bits) - 1
        guard range.contains(value) else {
            throw PayloadEncodingError(
                field: path, reason: "\(value) does not fit \(primitive) (\(range.lowerBound)...\(range.upperBound))")
        }
        Self.store(UInt64(truncatingIfNeeded: value), size: primitive.size, into: &bytes, at: offset)
    }

    static func store(_ value: UInt64, size: Int, into bytes: inout [UInt8], at offset: Int) {
        for index in 0..<size { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
}
