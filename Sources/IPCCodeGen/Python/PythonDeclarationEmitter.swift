import IPCDefinition

/// Prints the declarations of one Python module in dependency order: a type before the first type that uses it,
/// `string<N>`, `vec<T, N>` and `optional<T>` helper structures on first use. Every structure lists its padding
/// as explicit `_paddingN` fields, so ctypes computes exactly the layout engine's offsets and sizes.
struct PythonDeclarationEmitter {
    let definitions: DefinitionSet
    let file: DefinitionFile
    /// The module that declares each type of another file.
    let modules: [TypeID: String]
    var emitted: Set<String> = []
    let local: Set<TypeID>

    init(definitions: DefinitionSet, file: DefinitionFile, modules: [TypeID: String]) {
        self.definitions = definitions
        self.file = file
        self.modules = modules
        local = Set(file.structures.map(\.id) + file.enumerations.map(\.id) + file.unions.map(\.id))
    }

    // MARK: Type expressions

    /// The class of a struct, enum or union, qualified by its module when another file declares it.
    func className(_ id: TypeID) -> String {
        let name = PythonNames.type(id, in: definitions)
        if local.contains(id) { return name }
        return modules[id].map { "\($0).\(name)" } ?? name
    }

    /// The ctypes type of a field: `ctypes.c_uint32`, `(ctypes.c_float * 3) * 3`, `geometry.geometry_Point`, …
    func ctype(_ type: FieldType) -> String {
        switch type {
        case .primitive(let primitive): PythonNames.primitive(primitive)
        case .enumeration(let id): PythonNames.primitive(definitions.enumerations[id]!.underlying)
        case .structure(let id), .union(let id): className(id)
        case .array(let element, let count):
            if case .array = element { "(\(ctype(element))) * \(count)" } else { "\(ctype(element)) * \(count)" }
        case .string(let capacity): CNames.string(capacity: capacity)
        case .vector(let element, let capacity): CNames.vector(element: element, capacity: capacity)
        case .optional(let wrapped): CNames.optional(wrapped)
        }
    }

    // MARK: Declarations

    mutating func emitConstant(_ constant: ConstantDefinition, into printer: inout CodePrinter) {
        printer.documentation(constant.documentation, prefix: "#:")
        let name = PythonNames.identifier((file.package + [constant.name]).joined(separator: "_"))
        printer.line("\(name) = \(constant.value)")
        printer.line()
        printer.line()
    }

    mutating func emitAlias(_ alias: AliasDefinition, into printer: inout CodePrinter) {
        require(alias.type, into: &printer)
        printer.documentation(alias.documentation, prefix: "#:")
        printer.line("#: `\(alias.id.qualifiedName)`: another name for `\(alias.type)`.")
        printer.line("\(PythonNames.type(alias.id, in: definitions)) = \(ctype(alias.type))")
        printer.line()
        printer.line()
    }

    mutating func emitEnumeration(_ id: TypeID, into printer: inout CodePrinter) {
        guard emitted.insert(id.qualifiedName).inserted, let enumeration = definitions.enumerations[id] else { return }
        let name = PythonNames.type(id, in: definitions)
        let storage = PythonNames.primitive(enumeration.underlying)
        let base = enumeration.isFlags ? "enum.IntFlag" : "enum.IntEnum"
        printer.block("class \(name)(\(base)):", closing: "") { printer in
            docstring(
                enumeration.documentation,
                summary: "`\(enumeration.typeName)`: stored as `\(enumeration.underlying.rawValue)` "
                    + "(`\(storage)` in structures).",
                into: &printer)
            for enumCase in enumeration.cases {
                printer.documentation(enumCase.documentation, prefix: "#:")
                printer.line("\(PythonNames.identifier(enumCase.name)) = \(enumCase.value)")
            }
            if enumeration.cases.isEmpty { printer.line("pass") }
        }
        // After the class: inside it, Enum would make these members.
        printer.line("\(name).TYPE_NAME = \(PythonNames.stringLiteral(enumeration.typeName))")
        printer.line("\(name).SIZE = \(enumeration.underlying.size)")
        printer.line("\(name).ALIGNMENT = \(enumeration.underlying.alignment)")
        printer.line("\(name).FINGERPRINT = \(Fingerprint.hexString(enumeration.fingerprint))")
        printer.line("\(name).STORAGE = \(storage)")
        printer.line()
        printer.line()
    }

    mutating func emitStructure(_ id: TypeID, into printer: inout CodePrinter) {
        guard !emitted.contains(id.qualifiedName), let structure = definitions.structures[id] else { return }
        emitted.insert(id.qualifiedName)
        for field in structure.fields { require(field.type, into: &printer) }
        let layout = structure.layout
        let fields = zip(structure.fields, layout.fields).map { field, fieldLayout in
            Field(
                name: PythonNames.identifier(field.name), type: ctype(field.type), offset: fieldLayout.offset,
                size: fieldLayout.size, note: note(for: field.type), documentation: field.documentation)
        }
        printer.block("class \(PythonNames.type(id, in: definitions))(zerocopyipc.Struct):", closing: "") { printer in
            docstring(
                structure.documentation,
                summary: "`\(structure.typeName)`: \(layout.size) bytes, alignment \(layout.alignment).",
                into: &printer)
            printDetails(typeName: structure.typeName, layout: layout, into: &printer)
            printFields(fields, padding: layout.padding, into: &printer)
        }
        printer.line()
    }

    mutating func emitUnion(_ id: TypeID, into printer: inout CodePrinter) {
        guard !emitted.contains(id.qualifiedName), let union = definitions.unions[id] else { return }
        emitted.insert(id.qualifiedName)
        for item in union.cases { if let type = item.type { require(type, into: &printer) } }
        let name = PythonNames.type(id, in: definitions)
        let layout = union.layout
        printer.block("class \(name)_value(ctypes.Union):", closing: "") { printer in
            printer.line("\"\"\"The members of `\(name).value`, overlaid; `\(name).tag` says which is meaningful.\"\"\"")
            printer.line()
            printer.block("_fields_ = [", closing: "]") { printer in
                for item in union.cases {
                    guard let type = item.type else { continue }
                    printer.documentation(item.documentation, prefix: "#")
                    printer.line("(\(PythonNames.stringLiteral(PythonNames.identifier(item.name))), \(ctype(type))),")
                }
            }
        }
        printer.line()
        printer.block("class \(name)(zerocopyipc.TaggedUnion):", closing: "") { printer in
            docstring(
                union.documentation,
                summary: "`\(union.typeName)`: a tagged union, \(layout.size) bytes, alignment \(layout.alignment); "
                    + "`tag` is one of the TAG_* constants.",
                into: &printer)
            printDetails(typeName: union.typeName, layout: layout, into: &printer)
            for item in union.cases { printer.line("TAG_\(item.name) = \(item.tag)") }
            let cases = union.cases.map { "\($0.tag): \(PythonNames.stringLiteral(PythonNames.identifier($0.name)))" }
            printer.line("CASES = {\(cases.joined(separator: ", "))}")
            let fields = [
                Field(name: "tag", type: PythonNames.primitive(union.tag), offset: 0, size: union.tag.size),
                Field(name: "value", type: "\(name)_value", offset: union.value.offset, size: union.value.size),
            ]
            printFields(fields, padding: layout.padding, into: &printer)
        }
        printer.line()
    }

    // MARK: Helpers for string<N>, vec<T, N> and optional<T>

    /// Makes sure `type` is declared before use: local types first, helper structures on first use.
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
        case .string(let capacity):
            let layout = LayoutRules.stringLayout(capacity: capacity)
            emitHelper(
                name: CNames.string(capacity: capacity), base: "zerocopyipc.FixedString", capacity: capacity,
                summary: "`string<\(capacity)>`: up to \(capacity) bytes of UTF-8 (`value` reads and writes the text).",
                types: ["ctypes.c_uint8 * \(capacity)", "ctypes.c_uint8", "ctypes.c_uint64"], layout: layout,
                into: &printer)
        case .vector(let element, let capacity):
            require(element, into: &printer)
            let layout = LayoutRules.vectorLayout(element: definitions.layout(of: element), capacity: capacity)
            emitHelper(
                name: CNames.vector(element: element, capacity: capacity), base: "zerocopyipc.FixedVector",
                capacity: capacity,
                summary: "`vec<\(element), \(capacity)>`: the first `len` of \(capacity) elements are in use.",
                types: [ctype(.array(element: element, count: capacity)), "ctypes.c_uint64"], layout: layout,
                into: &printer)
        case .optional(let wrapped):
            require(wrapped, into: &printer)
            let layout = LayoutRules.optionalLayout(wrapped: definitions.layout(of: wrapped))
            emitHelper(
                name: CNames.optional(wrapped), base: "zerocopyipc.FixedOptional", capacity: nil,
                summary: "`optional<\(wrapped)>`: `value` is meaningful when `has_value` is not 0 (`get()`, `set()`).",
                types: ["ctypes.c_uint8", ctype(wrapped)], layout: layout, into: &printer)
        }
    }

    private mutating func emitHelper(
        name: String, base: String, capacity: Int?, summary: String, types: [String], layout: StructLayout,
        into printer: inout CodePrinter
    ) {
        guard emitted.insert(name).inserted else { return }
        let fields = zip(layout.fields, types).map { Field(name: $0.name, type: $1, offset: $0.offset, size: $0.size) }
        printer.block("class \(name)(\(base)):", closing: "") { printer in
            printer.line("\"\"\"\(summary)\"\"\"")
            printer.line()
            if let capacity { printer.line("CAPACITY = \(capacity)") }
            printFields(fields, padding: layout.padding, into: &printer)
        }
        printer.line()
    }

    // MARK: Fields

    /// One entry of `_fields_`: a field of the definition or an explicit padding run.
    struct Field {
        var name: String
        var type: String
        var offset: Int
        var size: Int
        var note: String? = nil
        var documentation: [String] = []
    }

    /// What a field's ctypes type does not say: the enum or fixed array behind it.
    private func note(for type: FieldType) -> String? {
        switch type {
        case .enumeration(let id): className(id)
        case .array: type.description
        default: nil
        }
    }

    private func printDetails(typeName: String, layout: StructLayout, into printer: inout CodePrinter) {
        printer.line("TYPE_NAME = \(PythonNames.stringLiteral(typeName))")
        printer.line("SIZE = \(layout.size)")
        printer.line("ALIGNMENT = \(layout.alignment)")
        printer.line("FINGERPRINT = \(Fingerprint.hexString(layout.fingerprint))")
        if layout.alignment > layout.naturalAlignment {
            // ctypes honours `_align_` from Python 3.13 on; before, only the offsets and sizes (explicit padding)
            // carry it, and ALIGNMENT is what the service records.
            printer.line("_align_ = \(layout.alignment)")
        }
    }

    /// `_fields_` with the padding runs in offset order, so ctypes never adds padding of its own.
    private func printFields(_ fields: [Field], padding: [PaddingLayout], into printer: inout CodePrinter) {
        let pads = padding.enumerated().map { index, run in
            Field(name: CNames.padding(index), type: "ctypes.c_uint8 * \(run.size)", offset: run.offset, size: run.size)
        }
        let ordered = (fields + pads).enumerated()
            .sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }.map(\.element)
        printer.block("_fields_ = [", closing: "]") { printer in
            for field in ordered {
                printer.documentation(field.documentation, prefix: "#")
                let note = field.note.map { ": \($0)" } ?? ""
                printer.line("(\(PythonNames.stringLiteral(field.name)), \(field.type)),  "
                    + "# offset \(field.offset), size \(field.size)\(note)")
            }
        }
    }

    /// A class docstring: the definition's doc comment, then the summary line.
    func docstring(_ documentation: [String], summary: String, into printer: inout CodePrinter) {
        let lines = documentation.map {
            $0.replacing("\\", with: "\\\\").replacing("\"\"\"", with: "\"\\\"\"")
        }
        if lines.isEmpty {
            printer.line("\"\"\"\(summary)\"\"\"")
        } else {
            printer.line("\"\"\"\(lines[0])")
            for line in lines.dropFirst() { printer.line(line) }
            printer.line()
            printer.line("\(summary)\"\"\"")
        }
        printer.line()
    }
}
