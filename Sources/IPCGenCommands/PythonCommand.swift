import ArgumentParser
import IPCCodeGen
import IPCDefinition

/// `ipcgen python <files…> -o <dir>`: one Python module per definition file, and `zerocopyipc.py` beside them.
public struct PythonCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "python",
        abstract: "Generate Python modules (ctypes structures and service classes; one per definition file).",
        discussion: """
            Each module declares the file's structs as ctypes structures with explicit padding fields (sizes and \
            offsets equal the C header's and the Swift types'), enums as IntEnum/IntFlag, each type's TYPE_NAME, \
            SIZE, ALIGNMENT and FINGERPRINT, and one class per service over the C API. zerocopyipc.py, the runtime \
            the modules import, is written beside them; it loads libZeroCopyIPCC.so from $ZEROCOPYIPC_LIBRARY, \
            its own folder, or the loader's search path.
            """)

    @OptionGroup public var definitions: DefinitionOptions

    @Option(name: .shortAndLong, help: "The folder to write the modules to.")
    public var output: String

    @Option(help: "The folder that output names are relative to (sub/Sensor.ipcdef → sub_Sensor.py).")
    public var base: String?

    public init() {}

    public func run() throws {
        let model = try definitions.load()
        try OutputWriter.write(PythonRenderer(definitions: model, baseDirectory: base).renderAll(), to: output)
    }
}
