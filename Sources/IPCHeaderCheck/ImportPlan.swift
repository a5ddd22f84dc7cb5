import IPCCodeGen
import IPCDefinition

/// Decides what each C declaration becomes in `.ipcdef`, collecting the problems, then prints the file.
struct ImportPlan {
    let header: CHeader
    let package: [String]
    /// Problems found, `file:line:col: error: …`.
    private(set) var problems: [String] = []
    /// The C name of every imported type, by qualified definition name (for the verification).
    private(set) var cNames: [String: String] = [:]
    /// Integer typedefs that carry `<Type>_<case>` constants: C name → constants.
    private var enumTypedefs: [String: (integer: CType, constants: [(name: String, value: Int128)])] = [:]
    /// Definition names of imported C enums and structs, by C name.
    private var names: [String: String] = [:]
    /// Qualified definition names of types declared in included headers (imported from their own `.ipcdef`), by C name.
    private let foreign: [String: String]
    /// The `.ipcdef` files to import for ``foreign``, in order.
    private let imports: [String]

    init(header: CHeader, package: [String], foreign: [String: String] = [:], imports: [String] = []) {
        self.header = header
        self.package = package
        self.foreign = foreign
        self.imports = imports
        for typedef in header.typedefs where typedef.isInMainFile {
            guard case .integer = typedef.type else { continue }
            let constants = header.prefixedConstants(of: typedef.name)
            if !constants.isEmpty { enumTypedefs[typedef.name] = (typedef.type, constants) }
        }
        for name in enumTypedefs.keys { names[name] = definitionName(name) }
        for cEnum in importedEnums { names[cEnum.name] = definitionName(cEnum.name) }
        for structure in importedStructs { names[structure.name] = definitionName(structure.name) }
    }

    /// C enums declared in the header that are not just the constants of an enum typedef.
    private var importedEnums: [CEnum] {
        header.enums.filter { cEnum in
            cEnum.isInMainFile && cEnum.name != "<unnamed>" && !cEnum.name.hasSuffix("_values")
                && !cEnum.constants.isEmpty
        }
    }

    /// Structs declared in the header, without the `string<N>`/`vec<T, N>` helpers.
    private var importedStructs: [CStruct] {
        header.structs.filter { $0.isInMainFile && !isHelper($0.name) }
    }

    /// The qualified definition name of every imported type, by C name.
    var qualifiedNames: [String: String] {
        Dictionary(uniqueKeysWithValues: cNames.map { ($0.value, $0.key) })
    }

    func isHelper(_ name: String) -> Bool {
        name.hasPrefix("zcipc_string_") || name.hasPrefix("zcipc_vec_")
    }

    /// The `.ipcdef` name for a C name: the package prefix removed, a keyword's trailing `_` removed.
    private func definitionName(_ cName: String) -> String {
        var name = cName
        let prefix = package.joined(separator: "_") + "_"
        if !package.isEmpty, name.hasPrefix(prefix), name.count > prefix.count { name.removeFirst(prefix.count) }
        return unescaped(name)
    }

    private func unescaped(_ name: String) -> String {
        name.hasSuffix("_") && CNames.keywords.contains(String(name.dropLast())) ? String(name.dropLast()) : name
    }

    private func qualified(_ name: String) -> String { (package + [name]).joined(separator: ".") }

    // MARK: Rendering

    mutating func render(headerPath: String) -> String {
        var printer = CodePrinter()
        printer.line("// Imported by ipcgen import-c from \(headerPath).")
        printer.line("// Verify with: ipcgen check \(headerPath) <this file>")
        if !package.isEmpty {
            printer.line()
            printer.line("package \(package.joined(separator: "."))")
        }
        if !imports.isEmpty { printer.line() }
        for file in imports { printer.line("import \"\(file)\"") }
        for (cName, value) in enumTypedefs.sorted(by: { $0.key < $1.key }) {
            printEnum(cName: cName, integer: value.integer, constants: value.constants, into: &printer)
        }
        for cEnum in importedEnums {
            printEnum(cName: cEnum.name, integer: cEnum.integer, constants: cEnum.constants, into: &printer)
        }
        for structure in header.structs where structure.isInMainFile && structure.isUnion {
            problems.append("\(structure.location): error: union '\(structure.name)' cannot be represented in .ipcdef; "
                + "use separate fields or a byte array")
        }
        for structure in importedStructs where !structure.isUnion { printStruct(structure, into: &printer) }
        return printer.text
    }

    private mutating func printEnum(
        cName: String, integer: CType, constants: [(name: String, value: Int128)], into printer: inout CodePrinter
    ) {
        let name = names[cName]!
        cNames[qualified(name)] = cName
        printer.line()
        printCName(cName, of: name, into: &printer)
        printer.block("enum \(name): \(integer) {") { printer in
            for constant in constants { printer.line("\(constant.name) = \(constant.value)") }
        }
    }

    private mutating func printStruct(_ structure: CStruct, into printer: inout CodePrinter) {
        let name = names[structure.name]!
        cNames[qualified(name)] = structure.name
        printer.line()
        if let typeName = header.stringMacros[structure.name + "_TYPE_NAME"], typeName != qualified(name) {
            printer.line("@type_name(\"\(typeName)\")")
        }
        printCName(structure.name, of: name, into: &printer)
        let fields = structure.fields.filter { !CNames.isPadding($0.name) }
        let natural = fields.map(\.alignment).max() ?? 1
        if structure.alignment > natural { printer.line("@align(\(structure.alignment))") }
        var lines: [String] = []
        for field in fields {
            let label = "'\(structure.name).\(field.name)'"
            if field.bitWidth != nil {
                problems.append("\(field.location): error: \(label) is a bitfield, which has no portable layout; "
                    + "use a whole integer and mask it")
                continue
            }
            if field.name.isEmpty {
                problems.append("\(field.location): error: an anonymous member in '\(structure.name)' cannot be "
                    + "represented; give it a name")
                continue
            }
            if let type = definitionType(field.type, spelling: field.spelling, label: label, at: field.location) {
                lines.append("\(unescaped(field.name)): \(type)")
            }
        }
        printer.block("struct \(name) {") { printer in
            for line in lines { printer.line(line) }
        }
    }

    /// `@c_name("…")` when the header's name is not the one `ipcgen c` and `ipcgen check` derive from the package
    /// (`--package legacy` with a header's `Pose`: `legacy_Pose`), so that the definition finds its header type.
    private func printCName(_ cName: String, of name: String, into printer: inout CodePrinter) {
        if CNames.type(TypeID(package: package, name: name)) != cName { printer.line("@c_name(\"\(cName)\")") }
    }

    // MARK: Types

    private mutating func definitionType(_ type: CType, spelling: String, label: String, at location: CLocation)
        -> String?
    {
        let written = spelling.hasPrefix("const ") ? String(spelling.dropFirst(6)) : spelling
        if enumTypedefs[written] != nil { return names[written] }
        if let imported = foreign[written] { return imported }
        func refuse(_ message: String) -> String? {
            problems.append("\(location): error: \(label) \(message)")
            return nil
        }
        switch type {
        case .bool:
            return "bool"
        case .integer(let size, let signed):
            guard [1, 2, 4, 8].contains(size) else { return refuse("is a \(size * 8)-bit integer; use u64 or i64") }
            return "\(signed ? "i" : "u")\(size * 8)"
        case .floating(let size):
            guard size == 4 || size == 8 else { return refuse("is a long double, which has no portable layout") }
            return "f\(size * 8)"
        case .array(let element, let count):
            guard count > 0 else { return refuse("is a zero-length array") }
            let inner = definitionType(element, spelling: elementSpelling(written), label: label, at: location)
            return inner.map { "[\($0); \(count)]" }
        case .flexibleArray:
            return refuse("is a flexible array member; use vec<T, N> with a fixed capacity")
        case .pointer:
            return refuse("is a pointer; shared memory is mapped at different addresses, store an offset or index")
        case .union(let name):
            return refuse("is union '\(name)'; .ipcdef has no unions, use separate fields or a byte array")
        case .enumeration(let name, let integer):
            if let imported = names[name] { return imported }
            return definitionType(integer, spelling: "", label: label, at: location)
        case .structure(let name):
            if isHelper(name) { return helperType(name, label: label, at: location) }
            if let imported = names[name] ?? foreign[name] { return imported }
            return refuse("has type struct '\(name)' from another header; import that header too")
        case .unsupported(let spelling):
            return refuse("has type '\(spelling)', which cannot be represented in .ipcdef")
        }
    }

    /// The spelling of an array's element: `Mode [2][3]` → `Mode [3]`, `Mode [3]` → `Mode`.
    private func elementSpelling(_ arraySpelling: String) -> String {
        guard let open = arraySpelling.firstIndex(of: "["), let close = arraySpelling[open...].firstIndex(of: "]")
        else { return arraySpelling }
        let rest = arraySpelling[arraySpelling.index(after: close)...]
        let base = arraySpelling[..<open].trimmingSuffix(" ")
        return rest.isEmpty ? String(base) : String(base) + " " + rest
    }

    /// `string<N>` or `vec<T, N>` for a generated helper struct, recognised by its members.
    private mutating func helperType(_ name: String, label: String, at location: CLocation) -> String? {
        guard let helper = header.structure(named: name) else { return nil }
        let members = helper.fields.filter { !CNames.isPadding($0.name) }
        let memberNames = members.map(\.name)
        if memberNames == ["data", "terminator", "len"], case .array(_, let count) = members[0].type {
            return "string<\(count)>"
        }
        if memberNames == ["data", "len"], case .array(let element, let count) = members[0].type,
            let inner = definitionType(
                element, spelling: elementSpelling(members[0].spelling), label: label, at: location)
        {
            return "vec<\(inner), \(count)>"
        }
        problems.append("\(location): error: \(label) has type '\(name)', which is not laid out as string<N> or vec<T, N>")
        return nil
    }
}

extension Substring {
    fileprivate func trimmingSuffix(_ character: Character) -> Substring {
        var result = self
        while result.last == character { result.removeLast() }
        return result
    }
}
