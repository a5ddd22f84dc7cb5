import ArgumentParser
import IPCCodeGen
import IPCDefinition

/// `ipcgen cpp <files…> -o <dir>`: C++17 headers over the C API, with the C headers and zerocopyipc.hpp beside them.
public struct CppCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cpp",
        abstract: "Generate C++17 headers (typed service classes over the C API; one per definition file).",
        discussion: """
            Writes, for each definition file, the C header (as `ipcgen c`) and a <stem>.hpp with the types' details \
            for zerocopyipc.hpp and one class per service (its name and payload types, open()); and \
            zerocopyipc.hpp itself, the header-only layer of move-only RAII classes over zerocopyipc.h, whose \
            errors are zerocopyipc::Error exceptions. Compile with -std=c++17 and -I for zerocopyipc.h; link \
            -lZeroCopyIPCC.
            """)

    @OptionGroup public var definitions: DefinitionOptions

    @Option(name: .shortAndLong, help: "The folder to write the headers to.")
    public var output: String

    @Option(help: "The folder that output names are relative to (sub/Sensor.ipcdef → sub_Sensor.hpp).")
    public var base: String?

    public init() {}

    public func run() throws {
        let model = try definitions.load()
        try OutputWriter.write(CppRenderer(definitions: model, baseDirectory: base).renderAll(), to: output)
    }
}
