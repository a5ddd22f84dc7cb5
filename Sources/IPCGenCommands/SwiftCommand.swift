import ArgumentParser
import IPCCodeGen
import IPCDefinition

/// `ipcgen swift <files…> -o <dir>`: one Swift file per definition file.
public struct SwiftCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "swift",
        abstract: "Generate Swift types (one file per definition file).")

    @OptionGroup public var definitions: DefinitionOptions

    @Option(name: .shortAndLong, help: "The folder to write the Swift files to.")
    public var output: String

    @Option(help: "The folder that output names are relative to (sub/Sensor.ipcdef → sub_Sensor.swift).")
    public var base: String?

    @Flag(help: """
        Also generate builders for publish-subscribe services (node.serviceBuilder(name).publishSubscribe(…)), an API \
        the runtime does not have yet; off by default so that generated code builds against today's runtime.
        """)
    public var publishSubscribeAccessors = false

    public init() {}

    public func run() throws {
        let model = try definitions.load()
        // Without --base, names are relative to the files' common folder, so that a/X.ipcdef and b/X.ipcdef give
        // a_X.swift and b_X.swift instead of overwriting each other.
        let base = self.base ?? OutputNaming.commonDirectory(of: model.rootPaths)
        let files = SwiftRenderer(
            definitions: model, emitsPublishSubscribeAccessors: publishSubscribeAccessors
        ).renderRootFiles(relativeTo: base)
        try OutputWriter.write(files, to: output)
    }
}
