/// Every declaration of a run, indexed for name resolution, and which files each file can see.
struct SymbolTable {
    enum Entry {
        case structure(StructSyntax, file: FileSyntax)
        case enumeration(EnumSyntax, file: FileSyntax)
        case union(UnionSyntax, file: FileSyntax)
        case alias(AliasSyntax, file: FileSyntax)

        var location: SourceLocation {
            switch self {
            case .structure(let value, _): value.location
            case .enumeration(let value, _): value.location
            case .union(let value, _): value.location
            case .alias(let value, _): value.location
            }
        }
    }

    struct Constant {
        var syntax: ConstantSyntax
        var package: [String]
        /// The evaluated value; `nil` when the expression has an error (reported once, by the evaluator).
        var value: Int128? = nil
    }

    private(set) var types: [TypeID: Entry] = [:]
    private(set) var constants: [TypeID: Constant] = [:]
    /// For each file path, the paths it can see: itself and everything it imports, transitively.
    private(set) var visibleFiles: [String: Set<String>] = [:]
    private var filesByPath: [String: FileSyntax] = [:]

    init(files: [FileSyntax], importedPaths: [String: [String]], diagnostics: inout [Diagnostic]) {
        for file in files { filesByPath[file.path] = file }
        for file in files {
            for declaration in file.declarations {
                switch declaration {
                case .structure(let value):
                    declare(TypeID(package: file.package, name: value.name), .structure(value, file: file),
                            diagnostics: &diagnostics)
                case .enumeration(let value):
                    declare(TypeID(package: file.package, name: value.name), .enumeration(value, file: file),
                            diagnostics: &diagnostics)
                case .union(let value):
                    declare(TypeID(package: file.package, name: value.name), .union(value, file: file),
                            diagnostics: &diagnostics)
                case .alias(let value):
                    declare(TypeID(package: file.package, name: value.name), .alias(value, file: file),
                            diagnostics: &diagnostics)
                case .constant(let value):
                    let id = TypeID(package: file.package, name: value.name)
                    if let previous = constants[id] {
                        diagnostics.append(.error(
                            "duplicate constant '\(value.name)'", at: value.location,
                            notes: [.init("'\(value.name)' was first declared here", at: previous.syntax.location)]))
                    } else {
                        constants[id] = Constant(syntax: value, package: file.package)
                    }
                case .service: break
                }
            }
        }
        for file in files {
            var seen: Set<String> = [file.path]
            var stack = importedPaths[file.path] ?? []
            while let next = stack.popLast() {
                if seen.insert(next).inserted { stack.append(contentsOf: importedPaths[next] ?? []) }
            }
            visibleFiles[file.path] = seen
        }
        var evaluator = ConstantEvaluator(symbols: self)
        for id in constants.keys.sorted() {
            constants[id]!.value = evaluator.value(of: id, diagnostics: &diagnostics)
        }
    }

    private mutating func declare(_ id: TypeID, _ entry: Entry, diagnostics: inout [Diagnostic]) {
        if Primitive(rawValue: id.name) != nil || ["string", "vec", "optional"].contains(id.name) {
            diagnostics.append(.error("'\(id.name)' is a built-in type name and cannot be declared", at: entry.location))
            return
        }
        if let previous = types[id] {
            diagnostics.append(.error(
                "duplicate type '\(id.qualifiedName)'", at: entry.location,
                notes: [.init("'\(id.qualifiedName)' was first declared here", at: previous.location)]))
            return
        }
        types[id] = entry
    }

    func file(of entry: Entry) -> FileSyntax {
        switch entry {
        case .structure(_, let file), .enumeration(_, let file), .union(_, let file), .alias(_, let file): file
        }
    }

    /// The types visible from `file`, as (id, entry) pairs.
    func visibleTypes(from file: FileSyntax) -> [(TypeID, Entry)] {
        let visible = visibleFiles[file.path] ?? [file.path]
        return types.filter { visible.contains(self.file(of: $0.value).path) }.map { ($0.key, $0.value) }
    }

    /// The file that declares a constant.
    func file(path: String) -> FileSyntax? { filesByPath[path] }

    /// The constants visible from `file`.
    func visibleConstants(from file: FileSyntax, named name: String) -> [Constant] {
        let visible = visibleFiles[file.path] ?? [file.path]
        return constants.values.filter { $0.syntax.name == name && visible.contains($0.syntax.location.file) }
    }

    func allVisibleConstantNames(from file: FileSyntax) -> [String] {
        let visible = visibleFiles[file.path] ?? [file.path]
        return constants.values.filter { visible.contains($0.syntax.location.file) }.map(\.syntax.name)
    }
}
