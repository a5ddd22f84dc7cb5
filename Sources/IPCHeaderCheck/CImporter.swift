import Foundation
import IPCCodeGen
import IPCDefinition

/// Turns the structs and enums of a C header into an `.ipcdef` file: the reverse of `ipcgen c`.
///
/// Fixed-width integers, `float`/`double`, `bool`, arrays, nested structs and enums are imported; pointers,
/// bitfields, unions, flexible array members and other types are refused with a message that names the field and
/// says what to use instead. Generated headers round-trip: `zcipc_string_N`/`zcipc_vec_*` members become
/// `string<N>`/`vec<T, N>`, `_paddingN` members are dropped, integer typedefs with `<Type>_<case>` constants become
/// enums, `<Type>_TYPE_NAME` macros become `@type_name` where they differ, a raised alignment becomes `@align`, and a
/// header name that the package would not give (`Pose` imported with `--package legacy`) becomes `@c_name("Pose")`.
/// The result is loaded and compared with the header before it is returned, so an import never silently changes a
/// layout (a packed struct, for example, is refused).
public struct CImporter: Sendable {
    /// The parsed header.
    public var header: CHeader
    /// The header's path, for messages and the banner.
    public var headerPath: String
    /// The package of the imported types; `nil` infers it from `<Type>_TYPE_NAME` macros (empty when there are none).
    public var package: [String]?
    /// Parses a header that this one includes, so that types declared there become an `import` of that header's
    /// own `.ipcdef` (named like the header: `Geometry.h` → `Geometry.ipcdef`); `nil` refuses such types.
    public var parseIncludedHeader: (@Sendable (String) throws -> CHeader)?

    /// What an import produced: the text, and what importers of this file need to refer to its types.
    struct Imported {
        var text: String
        /// Qualified definition names by C name.
        var qualifiedNames: [String: String]
        /// The `.ipcdef` texts of included headers, by file name (for verification).
        var sources: [String: String]
    }

    /// Creates an importer.
    /// - Parameters:
    ///   - header: The parsed header.
    ///   - headerPath: The header's path, as it should appear in messages.
    ///   - package: The package for the imported types, or `nil` to infer it.
    ///   - parseIncludedHeader: Parses an included header whose types the imported structs use.
    public init(
        header: CHeader, headerPath: String, package: [String]? = nil,
        parseIncludedHeader: (@Sendable (String) throws -> CHeader)? = nil
    ) {
        self.header = header
        self.headerPath = headerPath
        self.package = package
        self.parseIncludedHeader = parseIncludedHeader
    }

    /// The `.ipcdef` text for every struct and enum declared in the header itself.
    /// - Returns: The definition file's text.
    /// - Throws: ``ImportError`` listing every construct that cannot be represented.
    public func importDefinitions() throws(ImportError) -> String {
        try importFile().text
    }

    func importFile() throws(ImportError) -> Imported {
        var foreign: [String: String] = [:]
        var imports: [String] = []
        var sources: [String: String] = [:]
        if let parseIncludedHeader {
            for file in referencedIncludedFiles() {
                let included: CHeader
                do {
                    included = try parseIncludedHeader(file)
                } catch {
                    throw ImportError(problems: ["\(headerPath): error: cannot parse the included header '\(file)': \(error)"])
                }
                let result = try CImporter(
                    header: included, headerPath: file, parseIncludedHeader: parseIncludedHeader
                ).importFile()
                let name = Self.definitionFileName(forHeader: file)
                imports.append(name)
                sources[name] = result.text
                sources.merge(result.sources) { first, _ in first }
                foreign.merge(result.qualifiedNames) { first, _ in first }
            }
        }
        var plan = ImportPlan(header: header, package: package ?? inferredPackage(), foreign: foreign, imports: imports)
        let text = plan.render(headerPath: headerPath)
        if !plan.problems.isEmpty { throw ImportError(problems: plan.problems) }
        try verify(text, sources: sources)
        return Imported(text: text, qualifiedNames: plan.qualifiedNames, sources: sources)
    }

    /// `dir/Geometry.h` → `Geometry.ipcdef`.
    static func definitionFileName(forHeader path: String) -> String {
        var name = String(path.split(separator: "/").last ?? Substring(path))
        for suffix in [".hpp", ".hh", ".h"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
            break
        }
        return name + ".ipcdef"
    }

    /// The included files that declare structs or enum typedefs used by this header's own structs, in first-use order.
    private func referencedIncludedFiles() -> [String] {
        var files: [String] = []
        func note(_ file: String) { if !files.contains(file) { files.append(file) } }
        func visit(_ type: CType, spelling: String) {
            let written = spelling.hasPrefix("const ") ? String(spelling.dropFirst(6)) : spelling
            if let typedef = header.typedefs.first(where: { $0.name == written && !$0.isInMainFile }),
                case .integer = typedef.type
            {
                note(typedef.location.file)
            }
            switch type {
            case .array(let element, _):
                visit(element, spelling: written.split(separator: "[").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "")
            case .structure(let name):
                guard let structure = header.structure(named: name) else { return }
                if name.hasPrefix("zcipc_string_") || name.hasPrefix("zcipc_vec_") {
                    for field in structure.fields { visit(field.type, spelling: field.spelling) }
                } else if !structure.isInMainFile {
                    note(structure.location.file)
                }
            default:
                break
            }
        }
        for structure in header.structs where structure.isInMainFile {
            for field in structure.fields { visit(field.type, spelling: field.spelling) }
        }
        return files
    }

    /// The package named by the first `<Type>_TYPE_NAME` macro whose value, with `.` as `_`, is the type's C name.
    private func inferredPackage() -> [String] {
        for structure in header.structs where structure.isInMainFile {
            guard let typeName = header.stringMacros[structure.name + "_TYPE_NAME"] else { continue }
            let parts = typeName.split(separator: ".").map(String.init)
            if parts.count > 1, parts.joined(separator: "_") == structure.name { return Array(parts.dropLast()) }
        }
        return []
    }

    /// Loads the generated text and compares it with the header; any difference is an import error.
    private func verify(_ text: String, sources: [String: String]) throws(ImportError) {
        let path = "<import-c of \(headerPath.split(separator: "/").last.map(String.init) ?? headerPath)>.ipcdef"
        let definitions: DefinitionSet
        do {
            definitions = try DefinitionLoader(sources: sources.merging([path: text]) { _, new in new }).load(paths: [path])
        } catch {
            throw ImportError(problems: error.diagnostics.map {
                "\(headerPath): error: the imported definition does not load: \($0.message)"
            })
        }
        // No name mapping: the definition must find every header type by itself (through `@c_name` where needed),
        // as `ipcgen check <header> <definition>` will.
        let report = LayoutComparator(definitions: definitions, header: header).compare()
        guard report.matches else {
            throw ImportError(problems: report.mismatches.map {
                "\(headerPath): error: '\($0.typeName)' cannot be represented exactly (packed or unusual "
                    + "layout?): \($0.description)"
            })
        }
    }
}
