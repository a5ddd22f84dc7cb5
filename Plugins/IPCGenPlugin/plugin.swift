import PackagePlugin

/// Runs `ipcgen-swift swift` (the generator of `ipcgen swift`, without libclang) on every `.ipcdef` file of a
/// target, so that the generated Swift types are compiled into it.
///
/// Each definition file gets its own build command, so that editing one file regenerates only that file's output.
/// Outputs are named from the file's path relative to the target (`sub/Sensor.ipcdef` → `sub_Sensor.swift`), exactly
/// as `ipcgen swift --base` names them, so two files with the same name in different folders do not collide.
///
/// A target with only `.ipcdef` files never gets here: SwiftPM drops a target without a source file of its own
/// before running plugins (it warns "Source files for target … should be located under …", and an importer fails with
/// "no such module"), so the fix, one Swift file such as `Exports.swift`, is documented in README and UsingThePlugin.
@main
struct IPCGenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let sourceTarget = target as? SourceModuleTarget else { return [] }
        let generator = try context.tool(named: "ipcgen-swift")
        let base = sourceTarget.directoryURL.path(percentEncoded: false)
        let outputDirectory = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources")
        let definitions = sourceTarget.sourceFiles(withSuffix: "ipcdef").sorted { $0.url.path < $1.url.path }
        let allDefinitionURLs = definitions.map(\.url)
        return definitions.map { file in
            let input = file.url.path(percentEncoded: false)
            let output = outputDirectory.appending(path: Self.stem(for: input, relativeTo: base) + ".swift")
            return .buildCommand(
                displayName: "Generating Swift from \(file.url.lastPathComponent)",
                executable: generator.url,
                arguments: ["swift", input, "--output", outputDirectory.path(percentEncoded: false), "--base", base],
                // Every definition of the target is an input: an imported file's change regenerates its importers.
                inputFiles: [generator.url] + allDefinitionURLs,
                outputFiles: [output]
            )
        }
    }

    /// The output stem for `path` relative to `base`: folders joined with `_`, extension dropped.
    /// Must match `OutputNaming.stem(for:relativeTo:)` in IPCCodeGen (plugins cannot import package targets).
    static func stem(for path: String, relativeTo base: String) -> String {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        var relative = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : String(path.split(separator: "/").last!)
        if relative.hasSuffix(".ipcdef") { relative.removeLast(".ipcdef".count) }
        return relative.split(separator: "/").joined(separator: "_")
    }
}
