/// A layout description text that cannot be read, with where and why.
public struct LayoutDescriptionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The character offset at which reading stopped.
    public var position: Int
    /// What was expected there.
    public var reason: String

    /// The problem in words.
    public var description: String {
        "layout description unreadable at character \(position): \(reason); "
            + "the service was created by a ZeroCopyIPC version whose layout format this one does not know"
    }
}

extension LayoutDescription {
    /// The compact text form, as recorded in a static config (no line breaks, no `=`).
    public var text: String {
        ([Self.version, root.description] + declarations.map(Self.text(of:))).joined(separator: "|")
    }

    private static func text(of declaration: Declaration) -> String {
        switch declaration {
        case .structure(let name, let size, let alignment, let fields):
            let body = fields.map { "\($0.name)@\($0.offset)+\($0.size):\($0.type)" }.joined(separator: ";")
            return "struct \(name) \(size) \(alignment) {\(body)}"
        case .enumeration(let name, let underlying, let cases):
            return "enum \(name) \(underlying.rawValue) {\(cases.map { "\($0.name):\($0.value)" }.joined(separator: ","))}"
        case .flags(let name, let underlying, let cases):
            return "flags \(name) \(underlying.rawValue) {\(cases.map { "\($0.name):\($0.value)" }.joined(separator: ","))}"
        case .union(let name, let size, let alignment, let tag, let valueOffset, let cases):
            let body = cases.map { item in
                "\(item.name):\(item.tag)" + (item.type.map { ":\($0)" } ?? "")
            }.joined(separator: ";")
            return "union \(name) \(size) \(alignment) \(tag.rawValue) \(valueOffset) {\(body)}"
        }
    }

    /// Reads the text form.
    /// - Parameter text: A text written by ``text`` (by any process, any version of the `zcl1` format).
    /// - Throws: ``LayoutDescriptionError`` when the text is not of a known version or is malformed.
    public init(parsing text: String) throws(LayoutDescriptionError) {
        var reader = Reader(Array(text.utf8))
        let version = reader.word()
        guard version == Self.version else {
            throw LayoutDescriptionError(position: 0, reason: "version '\(version)', expected '\(Self.version)'")
        }
        try reader.expect("|")
        let root = try reader.fieldType()
        var declarations: [Declaration] = []
        while !reader.atEnd {
            try reader.expect("|")
            declarations.append(try reader.declaration())
        }
        self.init(root: root, declarations: declarations)
    }
}

/// A cursor over the bytes of a description text.
private struct Reader {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    private var current: UInt8? { atEnd ? nil : bytes[index] }

    func failure(_ reason: String) -> LayoutDescriptionError { LayoutDescriptionError(position: index, reason: reason) }

    /// Letters, digits and `_ . :` (type names such as `a.b.Name` or `ns::Name`); stops before anything else.
    mutating func word() -> String {
        let start = index
        while let byte = current, Self.isWordByte(byte) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// A name that stops before `:` (field and case names).
    mutating func identifier() throws(LayoutDescriptionError) -> String {
        let start = index
        while let byte = current, Self.isWordByte(byte), byte != UInt8(ascii: ":") { index += 1 }
        guard index > start else { throw failure("expected a name") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
            true
        default: false
        }
    }

    mutating func expect(_ text: String) throws(LayoutDescriptionError) {
        for byte in text.utf8 {
            guard current == byte else { throw failure("expected '\(text)'") }
            index += 1
        }
    }

    mutating func consume(_ byte: Character) -> Bool {
        guard current == byte.asciiValue else { return false }
        index += 1
        return true
    }

    mutating func integer() throws(LayoutDescriptionError) -> Int128 {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
        guard let value = Int128(String(decoding: bytes[start..<index], as: UTF8.self)) else {
            throw failure("expected a number")
        }
        return value
    }

    mutating func count() throws(LayoutDescriptionError) -> Int {
        let value = try integer()
        guard value >= 0, value <= Int128(Int32.max) else { throw failure("size or count \(value) out of range") }
        return Int(value)
    }

    mutating func primitive() throws(LayoutDescriptionError) -> LayoutDescription.Primitive {
        let name = word()
        guard let primitive = LayoutDescription.Primitive(rawValue: name) else {
            throw failure("'\(name)' is not a primitive type")
        }
        return primitive
    }

    mutating func fieldType() throws(LayoutDescriptionError) -> LayoutDescription.FieldType {
        if consume("[") {
            let element = try fieldType()
            try expect(";")
            let count = try count()
            try expect("]")
            return .array(element, count: count)
        }
        let name = word()
        switch name {
        case "string":
            try expect("<")
            let capacity = try count()
            try expect(">")
            return .string(capacity: capacity)
        case "vec":
            try expect("<")
            let element = try fieldType()
            try expect(",")
            let capacity = try count()
            try expect(">")
            return .vector(element, capacity: capacity)
        case "optional":
            try expect("<")
            let wrapped = try fieldType()
            try expect(">")
            return .optional(wrapped)
        case "": throw failure("expected a type")
        default:
            if let primitive = LayoutDescription.Primitive(rawValue: name) { return .primitive(primitive) }
            return .named(name)
        }
    }

    mutating func declaration() throws(LayoutDescriptionError) -> LayoutDescription.Declaration {
        let kind = word()
        try expect(" ")
        let name = word()
        guard !name.isEmpty else { throw failure("expected a type name") }
        try expect(" ")
        switch kind {
        case "struct":
            let size = try count()
            try expect(" ")
            let alignment = try count()
            try expect(" {")
            var fields: [LayoutDescription.Field] = []
            while !consume("}") {
                if !fields.isEmpty { try expect(";") }
                let field = try identifier()
                try expect("@")
                let offset = try count()
                try expect("+")
                let size = try count()
                try expect(":")
                fields.append(.init(name: field, offset: offset, size: size, type: try fieldType()))
            }
            return .structure(name: name, size: size, alignment: alignment, fields: fields)
        case "enum", "flags":
            let underlying = try primitive()
            try expect(" {")
            var cases: [LayoutDescription.Case] = []
            while !consume("}") {
                if !cases.isEmpty { try expect(",") }
                let item = try identifier()
                try expect(":")
                cases.append(.init(name: item, value: try integer()))
            }
            return kind == "enum"
                ? .enumeration(name: name, underlying: underlying, cases: cases)
                : .flags(name: name, underlying: underlying, cases: cases)
        case "union":
            let size = try count()
            try expect(" ")
            let alignment = try count()
            try expect(" ")
            let tag = try primitive()
            try expect(" ")
            let valueOffset = try count()
            try expect(" {")
            var cases: [LayoutDescription.UnionCase] = []
            while !consume("}") {
                if !cases.isEmpty { try expect(";") }
                let item = try identifier()
                try expect(":")
                let tagValue = try integer()
                let type = consume(":") ? try fieldType() : nil
                cases.append(.init(name: item, tag: tagValue, type: type))
            }
            return .union(
                name: name, size: size, alignment: alignment, tag: tag, valueOffset: valueOffset, cases: cases)
        default:
            throw failure("unknown declaration kind '\(kind)'")
        }
    }
}
