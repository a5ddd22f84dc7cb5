import IPCDefinition

/// Prints the declarations of one header in dependency order: a type is printed before the first type that uses
/// it, `string<N>`/`vec<T, N>` helper structs on first use (each behind its own `#ifndef`).
struct CDeclarationEmitter {
    let definitions: DefinitionSet
    let file: DefinitionFile
    var emitted: Set<String> = []
    let local: Set<TypeID>

    init(definitions: DefinitionSet, file: DefinitionFile) {
        self.definitions = definitions
        self.file = file
        local = Set(file.structures.map(\.id) + file.enumerations.map(\.id) + file.unions.map(\.id))
    }

    // MARK: Definitions

    mutating func emitConstant(_ constant: ConstantDefinition, into printer: inout CodePrinter) {
        printer.documentation(constant.documentation)
        let name = (file.package + [constant.name]).joined(separator: "_")
        printer.line("#define \(name) \(constant.value)")
        printer.line()
    }

    mutating func emitEnumeration(_ id: TypeID, into printer: inout CodePrinter) {
        guard emitted.insert(id.qualifiedName).inserted, let enumeration = definitions.enumerations[id] else { return }
        let name = CNames.type(id, in: definitions)
        let storage = CNames.primitive(enumeration.underlying)
        printer.documentation(enumeration.documentation)
        printer.line("/// `\(enumeration.typeName)`: stored as `\(storage)`; the values are the `\(name)_*` constants.")
        printer.line("typedef \(storage) \(name);")
        printer.line("#define \(name)_TYPE_NAME \(cStringLiteral(enumeration.typeName))")
        printer.line("#define \(name)_FINGERPRINT \(hex(enumeration.fingerprint))")
        let fitsInt = enumeration.cases.allSatisfy { Int128(Int32.min)...Int128(Int32.max) ~= $0.value }
        if enumeration.cases.isEmpty {
            // Nothing to name.
        } else if fitsInt {
            // A C enum names the values (usable in `switch`); the field stays the fixed-width typedef because a
            // C11 enum's own size is up to the compiler.
            printer.block("enum \(name)_values {", closing: "};") { printer in
                for enumCase in enumeration.cases {
                    printer.documentation(enumCase.documentation)
                    printer.line("\(name)_\(enumCase.name) = \(enumCase.value),")
                }
            }
        } else {
            // C11 enum constants must fit in `int`; larger values are macros of the storage type.
            for enumCase in enumeration.cases {
                printer.documentation(enumCase.documentation)
                printer.line("#define \(name)_\(enumCase.name) ((\(name))\(integerLiteral(enumCase.value)))")
            }
        }
        printer.line("static_assert(sizeof(\(name)) == \(enumeration.underlying.size), \"\(name): size\");")
        printer.line()
    }

    mutating func emitStructure(_ id: TypeID, into printer: inout CodePrinter) {
        guard !emitted.contains(id.qualifiedName), let structure = definitions.structures[id] else { return }
        emitted.insert(id.qualifiedName)
        for field in structure.fields { require(field.type, into: &printer) }
        let name = CNames.type(id, in: definitions)
        let layout = structure.layout
        printer.documentation(structure.documentation)
        printer.line("/// `\(structure.typeName)`: \(layout.size) bytes, alignment \(layout.alignment).")
        let members = self.members(of: structure)
        printer.block("typedef struct \(name) {", closing: "} \(name);") { printer in
            for (index, member) in members.enumerated() {
                printer.documentation(member.documentation)
                // `@align(N)` above the fields' own alignment goes on the first member, at offset 0 either way.
                let alignas = index == 0 && layout.alignment > layout.naturalAlignment
                    ? "alignas(\(layout.alignment)) " : ""
                printer.line("\(alignas)\(member.declaration);  // offset \(member.offset), size \(member.size)")
            }
        }
        printer.line("#define \(name)_TYPE_NAME \(cStringLiteral(structure.typeName))")
        printer.line("#define \(name)_FINGERPRINT \(hex(layout.fingerprint))")
        printAssertions(name: name, size: layout.size, alignment: layout.alignment, members: members, into: &printer)
        emitInitializer(structure, into: &printer)
        printer.line()
    }

    // MARK: Helpers for string<N> and vec<T, N>

    /// Makes sure `type` is declared before use: local types first, helper structs on first use.
    mutating func require(_ type: FieldType, into printer: inout CodePrinter) {
        switch type {
        case .primitive:
            break
        case .array(let element, _):
            require(element, into: &printer)
        case .structure(let id):
            if local.contains(id) { emitStructure(id, into: &printer) }
        case .union(let id):
            if local.contains(id) { emitUnion(id, into: &printer) }
        case .enumeration(let id):
            if local.contains(id) { emitEnumeration(id, into: &printer) }
        case .optional(let wrapped):
            require(wrapped, into: &printer)
            let layout = LayoutRules.optionalLayout(wrapped: definitions.layout(of: wrapped))
            emitHelper(
                name: CNames.optional(wrapped),
                comment: "`optional<\(wrapped)>`: `value` is meaningful when `has_value` is not 0; Swift's "
                    + "`FixedOptional`.",
                members: [.primitive(.u8), wrapped], layout: layout, into: &printer)
        case .string(let capacity):
            let layout = LayoutRules.stringLayout(capacity: capacity)
            emitHelper(
                name: CNames.string(capacity: capacity),
                comment: "`string<\(capacity)>`: up to \(capacity) UTF-8 bytes, `data[len]` and `terminator` are 0; "
                    + "Swift's `FixedString<\(capacity)>`.",
                members: [.array(element: .primitive(.u8), count: capacity), .primitive(.u8), .primitive(.u64)],
                layout: layout, into: &printer)
        case .vector(let element, let capacity):
            require(element, into: &printer)
            let layout = LayoutRules.vectorLayout(element: definitions.layout(of: element), capacity: capacity)
            emitHelper(
                name: CNames.vector(element: element, capacity: capacity),
                comment: "`vec<\(element), \(capacity)>`: the first `len` of \(capacity) elements are in use; "
                    + "Swift's `FixedVector`.",
                members: [.array(element: element, count: capacity), .primitive(.u64)],
                layout: layout, into: &printer)
        }
    }

    mutating func emitHelper(
        name: String, comment: String, members types: [FieldType], layout: StructLayout,
        into printer: inout CodePrinter
    ) {
        guard emitted.insert(name).inserted else { return }
        let guardName = "ZCIPC_DEFINED_" + name
        printer.line("#ifndef \(guardName)")
        printer.line("#define \(guardName)")
        printer.line("/// \(comment)")
        let fields = zip(layout.fields, types).map { field, type in
            Member(
                name: field.name, declaration: CNames.declaration(of: type, named: field.name, in: definitions),
                offset: field.offset, size: field.size, isPadding: false, documentation: [])
        }
        let members = interleave(fields: fields, padding: layout.padding)
        printer.block("typedef struct \(name) {", closing: "} \(name);") { printer in
            for member in members {
                printer.line("\(member.declaration);  // offset \(member.offset), size \(member.size)")
            }
        }
        printAssertions(name: name, size: layout.size, alignment: layout.alignment, members: members, into: &printer)
        printer.line("#endif")
        printer.line()
    }

    // MARK: Members and assertions

    /// One member line of a struct: a field or an explicit padding array.
    struct Member {
        var name: String
        var declaration: String
        var offset: Int
        var size: Int
        var isPadding: Bool
        var documentation: [String]
    }

    func members(of structure: StructDefinition) -> [Member] {
        let fields = zip(structure.fields, structure.layout.fields).map { field, layout in
            let name = CNames.identifier(field.name)
            return Member(
                name: name, declaration: CNames.declaration(of: field.type, named: name, in: definitions),
                offset: layout.offset, size: layout.size, isPadding: false, documentation: field.documentation)
        }
        return interleave(fields: fields, padding: structure.layout.padding)
    }

    /// Fields and `_paddingN` members in offset order, so `sizeof` never relies on implicit padding.
    func interleave(fields: [Member], padding: [PaddingLayout]) -> [Member] {
        let pads = padding.enumerated().map { index, run in
            Member(
                name: CNames.padding(index), declaration: "uint8_t \(CNames.padding(index))[\(run.size)]",
                offset: run.offset, size: run.size, isPadding: true, documentation: [])
        }
        // Stable: a zero-size field and a padding run never share an offset in a valid layout.
        return (fields + pads).enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
            .map(\.element)
    }

    func printAssertions(
        name: String, size: Int, alignment: Int, members: [Member], into printer: inout CodePrinter
    ) {
        printer.line("static_assert(sizeof(\(name)) == \(size), \"\(name): size\");")
        printer.line("static_assert(alignof(\(name)) == \(alignment), \"\(name): alignment\");")
        for member in members where !member.isPadding {
            printer.line(
                "static_assert(offsetof(\(name), \(member.name)) == \(member.offset), \"\(name).\(member.name): offset\");")
        }
    }

    // MARK: Literals

    func hex(_ value: UInt64) -> String { Fingerprint.hexString(value) + "ULL" }

    func integerLiteral(_ value: Int128) -> String {
        if value == Int128(Int64.min) { return "INT64_MIN" }
        return value < 0 ? "INT64_C(\(value))" : "UINT64_C(\(value))"
    }

    func cStringLiteral(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case " "..."~": result.unicodeScalars.append(scalar)
            default:
                for byte in String(scalar).utf8 { result += "\\" + String(byte, radix: 8) }
            }
        }
        return result + "\""
    }
}
