import IPCDefinition

// Tagged unions and flags in Swift.
extension SwiftRenderer {
    /// The integer type whose inline array stores a union's payloads with their alignment (up to 8; Swift cannot
    /// align more, so the generator pads before it instead).
    private func storageWord(alignment: Int) -> (type: String, size: Int) {
        switch min(alignment, 8) {
        case 1: ("Swift.UInt8", 1)
        case 2: ("Swift.UInt16", 2)
        case 4: ("Swift.UInt32", 4)
        default: ("Swift.UInt64", 8)
        }
    }

    func renderUnion(_ union: UnionDefinition, into printer: inout CodePrinter) {
        let name = SwiftNames.typeName(union.id)
        let swiftName = SwiftNaming.typeName(union.id)
        let layout = union.layout
        let tag = SwiftNames.primitiveType(union.tag)
        let word = storageWord(alignment: union.value.alignment)
        printer.documentation(union.documentation)
        if !union.documentation.isEmpty { printer.line("///") }
        printer.line("/// A tagged union: `tag` says which case `value` holds. A tag that no case names (written by a process")
        printer.line("/// built from a newer definition) reads as `.unknown(tag:)`, never as another case's payload.")
        printer.line("/// - Note: Layout: size \(layout.size), alignment \(layout.alignment), as C's `struct { tag; union { … } value; }`.")
        let conformances = "ZeroCopyIPC.ZeroCopySend, Swift.Equatable, Swift.Sendable, Swift.CustomStringConvertible"
        printer.block("public struct \(name): \(conformances) {") { printer in
            printer.line("/// Which case the value holds; see ``Tags``.")
            printer.line("public private(set) var tag: \(tag)  // offset 0, size \(union.tag.size)")
            for (index, run) in layout.padding.enumerated() {
                if run.offset > union.value.offset {
                    printer.line(
                        "private var _value: Swift.InlineArray<\(union.value.size / word.size), \(word.type)>"
                            + "  // offset \(union.value.offset), size \(union.value.size): every case's payload")
                }
                printer.line(
                    "private var _padding\(index): Swift.InlineArray<\(run.size), Swift.UInt8> = "
                        + "ZeroCopyIPC._zeroCopyPadding()  // offset \(run.offset), size \(run.size)")
            }
            if !layout.padding.contains(where: { $0.offset > union.value.offset }) {
                printer.line(
                    "private var _value: Swift.InlineArray<\(union.value.size / word.size), \(word.type)>"
                        + "  // offset \(union.value.offset), size \(union.value.size): every case's payload")
            }
            printer.line()
            printer.line("/// The tag of each case.")
            printer.block("public enum Tags {") { printer in
                for item in union.cases {
                    printer.line("public static let \(SwiftNames.member(item.name)): \(tag) = \(item.tag)")
                }
            }
            printer.line()
            printer.line("/// The cases with their payloads, for `switch`.")
            printer.block("public enum Value: Swift.Sendable {") { printer in
                for item in union.cases {
                    printer.documentation(item.documentation)
                    let payload = item.type.map { "(\(SwiftNames.type($0, in: definitions)))" } ?? ""
                    printer.line("case \(SwiftNames.member(item.name))\(payload)")
                }
                printer.line("/// A tag that no case of this definition names.")
                printer.line("case unknown(tag: \(tag))")
            }
            printer.line()
            printer.line("/// The first case (tag 0) with an all-zero payload.")
            printer.line("public init() { self = ZeroCopyIPC._zeroCopyZeroed(Self.self) }")
            printer.line()
            printer.line("/// A value holding `value`; `.unknown(tag:)` stores that tag with an all-zero payload.")
            printer.block("public init(_ value: Value) {") { printer in
                printer.line("self.init()")
                printer.line("self.value = value")
            }
            for item in union.cases {
                let member = SwiftNames.member(item.name)
                printer.line()
                if let type = item.type {
                    printer.line("/// The case `\(item.name)` holding `payload`.")
                    printer.line("public static func \(member)(_ payload: \(SwiftNames.type(type, in: definitions))) -> Self { Self(.\(member)(payload)) }")
                } else {
                    printer.line("/// The case `\(item.name)`.")
                    printer.line("public static var \(member): Self { Self(.\(member)) }")
                }
            }
            printer.line()
            printer.line("/// The case and its payload; setting it replaces both (the payload bytes are zeroed first).")
            printer.block("public var value: Value {") { printer in
                printer.block("get {") { printer in
                    printer.line("switch tag {")
                    for item in union.cases {
                        let member = SwiftNames.member(item.name)
                        let load = item.type.map { "(_payload(as: \(SwiftNames.type($0, in: definitions)).self))" } ?? ""
                        printer.line("case Tags.\(member): .\(member)\(load)")
                    }
                    printer.line("default: .unknown(tag: tag)")
                    printer.line("}")
                }
                printer.block("set {") { printer in
                    printer.line("switch newValue {")
                    for item in union.cases {
                        let member = SwiftNames.member(item.name)
                        let setter = "set" + SwiftNaming.upperCamel(SwiftNaming.lowerCamel(item.name))
                        printer.line(item.type == nil
                            ? "case .\(member): \(setter)()"
                            : "case .\(member)(let payload): \(setter)(payload)")
                    }
                    printer.line("case .unknown(let tag): _select(tag)")
                    printer.line("}")
                }
            }
            for item in union.cases {
                let member = SwiftNames.member(item.name)
                let setter = "set" + SwiftNaming.upperCamel(SwiftNaming.lowerCamel(item.name))
                printer.line()
                if let type = item.type {
                    let swiftType = SwiftNames.type(type, in: definitions)
                    printer.line("/// Makes this the case `\(item.name)` holding `payload`.")
                    printer.block("public mutating func \(setter)(_ payload: \(swiftType)) {") { printer in
                        printer.line("_select(Tags.\(member))")
                        printer.line("Swift.withUnsafeMutableBytes(of: &_value) { $0.storeBytes(of: payload, as: \(swiftType).self) }")
                    }
                } else {
                    printer.line("/// Makes this the case `\(item.name)`.")
                    printer.line("public mutating func \(setter)() { _select(Tags.\(member)) }")
                }
            }
            printer.line()
            printer.block("private mutating func _select(_ tag: \(tag)) {") { printer in
                printer.line("self.tag = tag")
                printer.line("_value = Swift.InlineArray(repeating: 0)")
            }
            printer.line()
            printer.block("private func _payload<Payload: Swift.BitwiseCopyable>(as type: Payload.Type) -> Payload {") { printer in
                printer.line("Swift.withUnsafeBytes(of: _value) { $0.loadUnaligned(as: Payload.self) }")
            }
            printer.line()
            printer.line("/// Equal when the tags and the payload bytes are equal.")
            printer.block("public static func == (lhs: Self, rhs: Self) -> Swift.Bool {") { printer in
                printer.line("lhs.tag == rhs.tag && ZeroCopyIPC._zeroCopyElementsEqual(lhs._value, rhs._value, by: { $0 == $1 })")
            }
            printer.line()
            printer.line("/// `\(swiftName).case(payload)`.")
            printer.block("public var description: Swift.String {") { printer in
                printer.line("switch value {")
                for item in union.cases {
                    let member = SwiftNames.member(item.name)
                    let bare = SwiftNames.bareMember(item.name)
                    printer.line(item.type == nil
                        ? "case .\(member): \(SwiftNames.stringLiteral("\(swiftName).\(bare)"))"
                        : "case .\(member)(let payload): \(SwiftNames.stringLiteral("\(swiftName).\(bare)(")) + Swift.String(describing: payload) + \")\"")
                }
                printer.line("case .unknown(let tag): \"\(swiftName).unknown(tag: \\(tag))\"")
                printer.line("}")
            }
        }
    }

    func renderUnionSupport(_ union: UnionDefinition, into printer: inout CodePrinter) {
        let name = SwiftNames.typeName(union.id)
        let layout = union.layout
        printer.block("extension \(name) {") { printer in
            printer.line("/// The cross-language type name that processes compare before they share this type.")
            printer.line("public static let typeName = \(SwiftNames.stringLiteral(union.typeName))")
            printer.line()
            printer.line("/// The C layout of this type, with the layout Swift produced beside it; see `mismatches`.")
            printer.line("public static let zeroCopyLayout = ZeroCopyIPC.TypeLayout(")
            printer.withIndentation { printer in
                printer.line("typeName: typeName,")
                printer.line("size: \(layout.size),")
                printer.line("alignment: \(layout.alignment),")
                printer.line("fingerprint: \(Fingerprint.hexString(layout.fingerprint)),")
                printer.line("fields: [")
                printer.withIndentation { printer in
                    printer.line(".init(name: \"tag\", offset: 0, size: \(union.tag.size), measuredOffset: "
                        + "Swift.MemoryLayout<\(name)>.offset(of: \\\(name).tag)),")
                    printer.line(".init(name: \"value\", offset: \(union.value.offset), size: \(union.value.size), "
                        + "measuredOffset: Swift.MemoryLayout<\(name)>.offset(of: \\\(name)._value)),")
                }
                printer.line("],")
                printer.line("layoutDescription: \(layoutDescription(of: .union(union.id))),")
                printer.line("measuring: \(name).self")
            }
            printer.line(")")
        }
    }

    // MARK: - Flags

    func renderFlags(_ flags: EnumDefinition, into printer: inout CodePrinter) {
        let name = SwiftNames.typeName(flags.id)
        let raw = SwiftNames.primitiveType(flags.underlying)
        printer.documentation(flags.documentation)
        if !flags.documentation.isEmpty { printer.line("///") }
        printer.line("/// Flags stored as their `\(flags.underlying.rawValue)` value; bits no flag names (set by another process) are kept.")
        let conformances = "ZeroCopyIPC.ZeroCopySend, Swift.OptionSet, Swift.Hashable, Swift.Sendable, "
            + "Swift.CustomStringConvertible"
        printer.block("public struct \(name): \(conformances) {") { printer in
            printer.line("/// The stored integer.")
            printer.line("public var rawValue: \(raw)")
            printer.line()
            printer.line("/// Creates a value from its integer.")
            printer.line("public init(rawValue: \(raw)) { self.rawValue = rawValue }")
            for item in flags.cases {
                printer.line()
                printer.documentation(item.documentation.isEmpty ? ["The flag `\(item.name)` (\(item.value))."] : item.documentation)
                printer.line("public static let \(SwiftNames.member(item.name)) = \(name)(rawValue: \(item.value))")
            }
            printer.line()
            printer.line("/// The names of the flags set, as `[read, write]`.")
            printer.block("public var description: Swift.String {") { printer in
                printer.line("var names: [Swift.String] = []")
                for item in flags.cases where item.value != 0 {
                    printer.line("if contains(.\(SwiftNames.member(item.name))) { names.append(\(SwiftNames.stringLiteral(SwiftNaming.lowerCamel(item.name)))) }")
                }
                printer.line("return \"[\" + names.joined(separator: \", \") + \"]\"")
            }
        }
    }
}
