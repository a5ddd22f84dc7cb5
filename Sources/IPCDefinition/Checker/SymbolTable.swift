/// Every declaration of a run, indexed for name resolution, and which files each file can see.
struct SymbolTable {
    enum Entry {
        case structure(StructSyntax, file: FileSyntax)
        case enumeration(EnumSyntax, file: FileSyntax)

        var location: SourceLocation {
            switch self {
            case .structure(let value, _): value.location
            case .enumeration(let value, _): value.location
            }
        }
    }

    struct Constant {
        var syntax: ConstantSyntax
        var package: [String]
    }

    private(set) var types: [TypeID: Entry] = [:]
    private(set) var constants: [TypeID: Constant] = [:]
    /// For each file path, the paths it can see: itself and everything it imports, transitively.
    private(set) var visibleFiles: [String: Set<String>] = [:]

    init(files: [FileSyntax], importedPaths: [String: [String]], diagnostics: inout [Diagnostic]) {
        for file in files {
            for declaration in file.declarations {
                switch declaration {
                case .structure(let value):
                    declare(TypeID(package: file.package, name: value.name), .structure(value, file: file),
                            diagnostics: &diagnostics)
                case .enumeration(let value):
                    declare(TypeID(package: file.package, name: value.name), .enumeration(value, file: file),
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
    }

    private mutating func declare(_ id: TypeID, _ entry: Entry, diagnostics: inout [Diagnostic]) {
        if Primitive(rawValue: id.name) != nil || id.name == "string" || id.name == "vec" {
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
        case .structure(_, let file), .enumeration(_, let file): file
        }
    }

    /// The types visible from `file`, as (id, entry) pairs.
    func visibleTypes(from file: FileSyntax) -> [(TypeID, Entry)] {
        let visible = visibleFiles[file.path] ?? [file.path]
        return types.filter { visible.contains(self.file(of: $0.value).path) }.map { ($0.key, $0.value) }
    }

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
