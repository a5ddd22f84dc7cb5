/// `zerocopyipc.py`: the Python runtime that every module `ipcgen python` generates imports. It loads
/// `libZeroCopyIPCC.so` with ctypes and wraps the C API (zerocopyipc.h) in Python classes: `Node`, the services
/// and their ports, loans and received messages as views into shared memory, and an exception hierarchy carrying
/// the C API's result codes. It is the same for every definition, written out verbatim beside the modules so that
/// an output folder is complete; the generated modules check ``generatedCodeVersion`` when they are imported.
public enum PythonRuntimeModule {
    /// The version of the generated code this runtime expects (`GENERATED_CODE_VERSION` in the module).
    public static let generatedCodeVersion = 1

    /// The complete text of `zerocopyipc.py`.
    public static let text = [errors, library, messages, services, events].joined(separator: "\n") + "\n"
}
