/// Turns parsed files into a checked, laid-out ``DefinitionSet``, collecting every error it finds.
struct Checker {
    let files: [FileSyntax]
    private let rootPaths: [String]
    private let importedPaths: [String: [String]]
    var diagnostics: [Diagnostic] = []
    /// Field defaults as written, by the field's location, until enums are known and they can be checked.
    var pendingDefaults: [SourceLocation: (value: ValueSyntax, file: String)] = [:]

    init(files: [FileSyntax], rootPaths: [String], importedPaths: [String: [String]]) {
        self.files = files
        self.rootPaths = rootPaths
        self.importedPaths = importedPaths
    }

    /// Checks everything; returns the model when there was no error, and every diagnostic either way.
    mutating func check() -> (DefinitionSet?, [Diagnostic]) {
        let symbols = SymbolTable(files: files, importedPaths: importedPaths, diagnostics: &diagnostics)
        checkSwiftNamesOfDeclarations()
        var pending: [TypeID: LayoutEngine.PendingStruct] = [:]
        var structMeta: [TypeID: (documentation: [String], location: SourceLocation)] = [:]
        var enumerations: [TypeID: EnumDefinition] = [:]

        for file in files {
            let resolver = TypeResolver(symbols: symbols, file: file)
            for declaration in file.declarations {
                switch declaration {
                case .structure(let syntax):
                    let id = TypeID(package: file.package, name: syntax.name)
                    guard case .structure(let declared, _)? = symbols.types[id], declared == syntax else { continue }
                    if let checked = checkStruct(syntax, id: id, resolver: resolver) {
                        pending[id] = checked
                        structMeta[id] = (syntax.documentation, syntax.location)
                    }
                case .enumeration(let syntax):
                    let id = TypeID(package: file.package, name: syntax.name)
                    guard case .enumeration(let declared, _)? = symbols.types[id], declared == syntax else { continue }
                    var evaluated = syntax
                    var allEvaluated = true
                    for index in evaluated.cases.indices {
                        guard let expression = evaluated.cases[index].expression else { continue }
                        if let value = resolver.evaluate(expression, diagnostics: &diagnostics) {
                            evaluated.cases[index].value = value
                        } else {
                            allEvaluated = false
                        }
                    }
                    if allEvaluated, let checked = checkEnum(evaluated, id: id) { enumerations[id] = checked }
                case .union(let syntax):
                    let id = TypeID(package: file.package, name: syntax.name)
                    guard case .union(let declared, _)? = symbols.types[id], declared == syntax else { continue }
                    if let checked = checkUnion(syntax, id: id, resolver: resolver) {
                        pending[id] = checked
                        structMeta[id] = (syntax.documentation, syntax.location)
                    }
                case .constant, .service, .alias:
                    break
                }
            }
        }
        checkDefaults(in: &pending, enumerations: enumerations, symbols: symbols)

        removeRecursiveStructs(from: &pending)
        var engine = LayoutEngine(structs: pending, enumerations: enumerations)
        engine.layOutAll(diagnostics: &diagnostics)
        var structures: [TypeID: StructDefinition] = [:]
        var unions: [TypeID: UnionDefinition] = [:]
        for (id, value) in pending {
            guard let layout = engine.layouts[id], let meta = structMeta[id] else { continue }
            if let cases = value.unionCases {
                unions[id] = UnionDefinition(
                    id: id, typeName: value.typeName, documentation: meta.documentation, tag: value.unionTag,
                    cases: cases, location: meta.location, layout: layout)
                continue
            }
            structures[id] = StructDefinition(
                id: id, typeName: value.typeName, documentation: meta.documentation,
                alignAttribute: value.alignAttribute, fields: value.fields, location: meta.location, layout: layout,
                cName: value.cName)
        }
        checkCNamesAreUnique(structures: structures, enumerations: enumerations)

        var checkedFiles: [DefinitionFile] = []
        var serviceNames: [String: SourceLocation] = [:]
        var serviceIdentifiers: [String: SourceLocation] = [:]
        for file in files {
            let resolver = TypeResolver(symbols: symbols, file: file)
            var declarations: [Declaration] = []
            for declaration in file.declarations {
                switch declaration {
                case .structure(let syntax):
                    if let value = structures[TypeID(package: file.package, name: syntax.name)],
                        value.location == syntax.location
                    {
                        declarations.append(.structure(value))
                    }
                case .enumeration(let syntax):
                    if let value = enumerations[TypeID(package: file.package, name: syntax.name)],
                        value.location == syntax.location
                    {
                        declarations.append(.enumeration(value))
                    }
                case .union(let syntax):
                    if let value = unions[TypeID(package: file.package, name: syntax.name)],
                        value.location == syntax.location
                    {
                        declarations.append(.union(value))
                    }
                case .alias(let syntax):
                    let id = TypeID(package: file.package, name: syntax.name)
                    checkName(syntax.name, what: "type", at: syntax.location)
                    if case .alias(let declared, _)? = symbols.types[id], declared == syntax,
                        let type = resolver.resolve(syntax.type, diagnostics: &diagnostics)
                    {
                        declarations.append(.alias(AliasDefinition(
                            id: id, type: type, documentation: syntax.documentation, location: syntax.location)))
                    }
                case .constant(let syntax):
                    guard let value = symbols.constants[TypeID(package: file.package, name: syntax.name)]?.value
                    else { continue }
                    declarations.append(.constant(ConstantDefinition(
                        name: syntax.name, value: value, documentation: syntax.documentation,
                        location: syntax.location)))
                case .service(let syntax):
                    if let value = checkService(
                        syntax, file: file, resolver: resolver, symbols: symbols, names: &serviceNames,
                        identifiers: &serviceIdentifiers)
                    {
                        declarations.append(.service(value))
                    }
                }
            }
            checkedFiles.append(DefinitionFile(
                path: file.path, package: file.package, imports: importedPaths[file.path] ?? [],
                declarations: declarations))
        }

        let hasErrors = diagnostics.contains { $0.severity == .error }
        var model = DefinitionSet(
            files: checkedFiles, rootPaths: rootPaths, structures: structures, enumerations: enumerations)
        model.unions = unions
        return (hasErrors ? nil : model, diagnostics)
    }

    /// Types of one package, and constants of one file, must keep distinct Swift names.
    private mutating func checkSwiftNamesOfDeclarations() {
        var typesByPackage: [[String]: [(name: String, location: SourceLocation)]] = [:]
        for file in files {
            var constants: [(name: String, location: SourceLocation)] = []
            for declaration in file.declarations {
                switch declaration {
                case .structure(let value): typesByPackage[file.package, default: []].append((value.name, value.location))
                case .enumeration(let value): typesByPackage[file.package, default: []].append((value.name, value.location))
                case .union(let value): typesByPackage[file.package, default: []].append((value.name, value.location))
                case .alias(let value): typesByPackage[file.package, default: []].append((value.name, value.location))
                case .constant(let value): constants.append((value.name, value.location))
                case .service: break
                }
            }
            diagnostics += SwiftNameCollisions.check(
                constants, spell: SwiftNaming.lowerCamel, what: "constants", scope: "of '\(file.path)'")
        }
        for package in typesByPackage.keys.sorted(by: { $0.joined(separator: ".") < $1.joined(separator: ".") }) {
            let scope = package.isEmpty ? "without a package" : "of package '\(package.joined(separator: "."))'"
            diagnostics += SwiftNameCollisions.check(
                typesByPackage[package]!, spell: SwiftNaming.upperCamel, what: "types", scope: scope)
        }
    }

    // MARK: - Structs

    private mutating func checkStruct(_ syntax: StructSyntax, id: TypeID, resolver: TypeResolver)
        -> LayoutEngine.PendingStruct?
    {
        let attributes = checkAttributes(syntax.attributes, allowingAlign: true, on: "struct '\(syntax.name)'")
        checkName(syntax.name, what: "type", at: syntax.location)
        if syntax.fields.isEmpty && !syntax.hadSyntaxErrors {
            diagnostics.append(.error(
                "struct '\(syntax.name)' has no fields; C gives an empty struct no portable layout", at: syntax.location))
        }
        var fields: [FieldDefinition] = []
        var seen: [String: SourceLocation] = [:]
        var valid = !syntax.fields.isEmpty
        for field in syntax.fields {
            checkName(field.name, what: "field", at: field.location)
            if let previous = seen[field.name] {
                diagnostics.append(.error(
                    "duplicate field '\(field.name)' in struct '\(syntax.name)'", at: field.location,
                    notes: [.init("'\(field.name)' was first declared here", at: previous)]))
                valid = false
                continue
            }
            seen[field.name] = field.location
            guard let type = resolver.resolve(field.type, diagnostics: &diagnostics) else {
                valid = false
                continue
            }
            fields.append(FieldDefinition(
                name: field.name, type: type, documentation: field.documentation, location: field.location))
            if let value = field.defaultValue { pendingDefaults[field.location] = (value, field.location.file) }
        }
        let collisions = SwiftNameCollisions.check(
            syntax.fields.map { ($0.name, $0.location) }, spell: SwiftNaming.lowerCamel, what: "fields",
            scope: "of struct '\(syntax.name)'")
        diagnostics += collisions
        guard valid, collisions.isEmpty else { return nil }
        return LayoutEngine.PendingStruct(
            id: id, typeName: attributes.typeName ?? id.qualifiedName, alignAttribute: attributes.align,
            fields: fields, cName: cNameAttribute(syntax.attributes))
    }

    /// Reports and removes structs that contain themselves (directly or through other structs, arrays or vecs).
    private mutating func removeRecursiveStructs(from pending: inout [TypeID: LayoutEngine.PendingStruct]) {
        func contained(_ type: FieldType) -> TypeID? {
            switch type {
            case .structure(let id), .union(let id): id
            case .array(let element, _), .vector(let element, _), .optional(let element): contained(element)
            case .primitive, .string, .enumeration: nil
            }
        }
        var state: [TypeID: Int] = [:]  // 1: on the current path, 2: done
        var cyclic: Set<TypeID> = []
        var path: [(TypeID, FieldDefinition)] = []
        func visit(_ id: TypeID) {
            state[id] = 1
            for field in pending[id]?.fields ?? [] {
                guard let next = contained(field.type), pending[next] != nil else { continue }
                path.append((id, field))
                if state[next] == 1 {
                    let start = path.firstIndex { $0.0 == next }!
                    let cycle = Array(path[start...])
                    let description = cycle.map { "\($0.0.name).\($0.1.name)" }.joined(separator: " → ")
                    diagnostics.append(.error(
                        "'\(next.name)' contains itself (\(description) → \(next.name)); "
                            + "a type cannot contain itself, directly or indirectly",
                        at: cycle[0].1.location))
                    cyclic.formUnion(cycle.map(\.0))
                } else if state[next] == nil {
                    visit(next)
                }
                path.removeLast()
            }
            state[id] = 2
        }
        for id in pending.keys.sorted() where state[id] == nil { visit(id) }
        // Anything that contains a cyclic struct cannot be laid out either; it is not reported again.
        var changed = true
        while changed {
            changed = false
            for (id, value) in pending where !cyclic.contains(id) {
                if value.fields.contains(where: { contained($0.type).map(cyclic.contains) ?? false }) {
                    cyclic.insert(id)
                    changed = true
                }
            }
        }
        for id in cyclic { pending[id] = nil }
    }

    // MARK: - Services

    private mutating func checkService(
        _ syntax: ServiceSyntax, file: FileSyntax, resolver: TypeResolver, symbols: SymbolTable,
        names: inout [String: SourceLocation], identifiers: inout [String: SourceLocation]
    ) -> ServiceDefinition? {
        _ = checkAttributes(syntax.attributes, allowingAlign: false, allowingTypeName: false, on: "a service")
        var valid = true
        if syntax.serviceName.isEmpty {
            diagnostics.append(.error("a service name must not be empty", at: syntax.location))
            valid = false
        } else if syntax.serviceName.utf8.count > 255 {
            diagnostics.append(.error(
                "service name is \(syntax.serviceName.utf8.count) bytes long; the maximum is 255", at: syntax.location))
            valid = false
        } else if let previous = names[syntax.serviceName] {
            diagnostics.append(.error(
                "duplicate service \"\(syntax.serviceName)\"", at: syntax.location,
                notes: [.init("it was first declared here", at: previous)]))
            valid = false
        } else {
            names[syntax.serviceName] = syntax.location
        }
        let identifier = syntax.identifier ?? Self.identifier(forServiceName: syntax.serviceName)
        if let explicit = syntax.identifier { checkName(explicit, what: "service", at: syntax.location) }
        if let previous = identifiers[identifier] {
            diagnostics.append(.error(
                "service identifier '\(identifier)' is used twice; name one explicitly: service Name \"…\" { … }",
                at: syntax.location, notes: [.init("first used here", at: previous)]))
            valid = false
        } else if symbols.types[TypeID(package: file.package, name: identifier)] != nil {
            diagnostics.append(.error(
                "service identifier '\(identifier)' clashes with a type of the same name; name the service "
                    + "explicitly: service Name \"\(syntax.serviceName)\" { … }", at: syntax.location))
            valid = false
        } else {
            identifiers[identifier] = syntax.location
        }
        return checkServiceMembers(syntax, identifier: identifier, resolver: resolver, valid: valid)
    }

    /// `"camera/front-left"` → `CameraFrontLeft`: each run of letters and digits, capitalised, joined.
    static func identifier(forServiceName name: String) -> String {
        let words = name.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        var result = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        if result.isEmpty || result.first!.isNumber { result = "Service" + result }
        return result
    }

    // MARK: - Shared checks

    mutating func checkName(_ name: String, what: String, at location: SourceLocation) {
        if name == "_" {
            diagnostics.append(.error("'_' is not a valid \(what) name", at: location))
        } else if what == "field", name.hasPrefix("_padding") {
            diagnostics.append(.error(
                "field names starting with '_padding' are reserved for generated padding", at: location))
        }
    }

    mutating func checkAttributes(
        _ attributes: [AttributeSyntax], allowingAlign: Bool, allowingTypeName: Bool = true, on subject: String
    ) -> (typeName: String?, align: Int?) {
        var typeName: String?
        var align: Int?
        var seen: Set<String> = []
        for attribute in attributes {
            if !seen.insert(attribute.name).inserted {
                diagnostics.append(.error("duplicate attribute '@\(attribute.name)'", at: attribute.location))
                continue
            }
            switch attribute.name {
            case "type_name" where allowingTypeName:
                if attribute.arguments.count == 1, case .string(let name) = attribute.arguments[0], !name.isEmpty {
                    typeName = name
                } else {
                    diagnostics.append(.error(
                        "'@type_name' takes one non-empty quoted name, e.g. @type_name(\"my::Type\")",
                        at: attribute.location))
                }
            case "align" where allowingAlign:
                if attribute.arguments.count == 1, case .integer(let value) = attribute.arguments[0],
                    value >= 1, value <= 4096, value & (value - 1) == 0
                {
                    align = Int(value)
                } else {
                    diagnostics.append(.error(
                        "'@align' takes one power of two from 1 to 4096, e.g. @align(64)", at: attribute.location))
                }
            case "c_name" where allowingTypeName:
                break  // Checked by cNameAttribute(_:).
            case "type_name", "align", "c_name":
                diagnostics.append(.error("'@\(attribute.name)' cannot be applied to \(subject)", at: attribute.location))
            default:
                var message = "unknown attribute '@\(attribute.name)'"
                if let suggestion = Suggestions.closest(to: attribute.name, among: ["type_name", "align", "c_name"]) {
                    message += "; did you mean '@\(suggestion)'?"
                }
                diagnostics.append(.error(message, at: attribute.location))
            }
        }
        return (typeName, align)
    }

    // MARK: - C names

    /// The name given by `@c_name("…")`, which must be a C identifier; `nil` without the attribute (or when it is
    /// invalid, which is reported). Duplicates and misplaced uses are reported by ``checkAttributes``.
    mutating func cNameAttribute(_ attributes: [AttributeSyntax]) -> String? {
        guard let attribute = attributes.first(where: { $0.name == "c_name" }) else { return nil }
        if attribute.arguments.count == 1, case .string(let name) = attribute.arguments[0], Self.isCIdentifier(name) {
            return name
        }
        diagnostics.append(.error(
            "'@c_name' takes one quoted C identifier (letters, digits and '_', not starting with a digit), "
                + "e.g. @c_name(\"Pose\")", at: attribute.location))
        return nil
    }

    private static func isCIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    /// Two types with the same C name (one of them given by `@c_name`) would declare one C type twice.
    private mutating func checkCNamesAreUnique(
        structures: [TypeID: StructDefinition], enumerations: [TypeID: EnumDefinition]
    ) {
        let types = structures.values.map { ($0.id, $0.cName, $0.location) }
            + enumerations.values.map { ($0.id, $0.cName, $0.location) }
        var firstByName: [String: (id: TypeID, location: SourceLocation)] = [:]
        // Types without the attribute first, so that the error is reported at the `@c_name` that causes it.
        let ordered = types.sorted { ($0.1 == nil ? 0 : 1, $0.0) < ($1.1 == nil ? 0 : 1, $1.0) }
        for (id, cName, location) in ordered {
            let name = cName ?? id.flatName
            if let first = firstByName[name] {
                guard cName != nil else { continue }
                diagnostics.append(.error(
                    "'@c_name(\"\(name)\")' of '\(id.qualifiedName)' is also the C name of "
                        + "'\(first.id.qualifiedName)'; C headers need one name per type", at: location,
                    notes: [.init("'\(first.id.qualifiedName)' is declared here", at: first.location)]))
            } else {
                firstByName[name] = (id, location)
            }
        }
    }
}
