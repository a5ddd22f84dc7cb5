import IPCCodeGen
import IPCDefinition

/// Turns the structs and enums of a C header into an `.ipcdef` file: the reverse of `ipcgen c`.
///
/// Fixed-width integers, `float`/`double`, `bool`, arrays, nested structs and enums are imported; pointers,
/// bitfields, unions, flexible array members and other types are refused with a message that names the field and
/// says what to use instead. Generated headers round-trip: `zcipc_string_N`/`zcipc_vec_*` members become
/// `string<N>`/`vec<T, N>`, `_paddingN` members are dropped, integer typedefs with `<Type>_<case>` constants become
/// enums, `<Type>_TYPE_NAME` macros become `@type_name` where they differ, and a raised alignment becomes `@align`.
/// The result is loaded and compared with the header before it is returned, so an import never silently changes a
/// layout (a packed struct, for example, is refused).
public struct CImporter: Sendable {
    /// The parsed header.
    public var header: CHeader
    /// The header's path, for messages and the banner.
    public var headerPath: String
    /// The package of the imported types; `nil` infers it from `<Type>_TYPE_NAME` macros (empty when there are none).
    public var package: [String]?

    /// Creates an importer.
    /// - Parameters:
    ///   - header: The parsed header.
    ///   - headerPath: The header's path, as it should appear in messages.
    ///   - package: The package for the imported types, or `nil` to infer it.
    public init(header: CHeader, headerPath: String, package: [String]? = nil) {
        self.header = header
        self.headerPath = headerPath
        self.package = package
    }

    /// The `.ipcdef` text for every struct and enum declared in the header itself.
    /// - Returns: The definition file's text.
    /// - Throws: ``ImportError`` listing every construct that cannot be represented.
    public func importDefinitions() throws(ImportError) -> String {
        var plan = ImportPlan(header: header, package: package ?? inferredPackage())
        let text = plan.render(headerPath: headerPath)
        if !plan.problems.isEmpty { throw ImportError(problems: plan.problems) }
        try verify(text, plan: plan)
        return text
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
    private func verify(_ text: String, plan: ImportPlan) throws(ImportError) {
        let path = "<import-c of \(headerPath)>.ipcdef"
        let definitions: DefinitionSet
        do {
            definitions = try DefinitionLoader(sources: [path: text]).load(paths: [path])
        } catch {
            throw ImportError(problems: error.diagnostics.map {
                "\(headerPath): error: the imported definition does not load: \($0.message)"
            })
        }
        let report = LayoutComparator(definitions: definitions, header: header, mapping: plan.cNames).compare()
        guard report.matches else {
            throw ImportError(problems: report.mismatches.map {
                "\(headerPath): error: '\($0.typeName)' cannot be represented exactly (packed or unusual "
                    + "layout?): \($0.description)"
            })
        }
    }
}
