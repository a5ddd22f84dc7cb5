/// `zerocopyipc.hpp`: the header-only C++17 layer over the C API that every header `ipcgen cpp` generates
/// includes: move-only RAII classes for the node, services, ports, loans and received messages, `Span<T>` for
/// slices (C++17 has no `std::span`), `Fixed<T>`/`Slice<T>` payload types, and `zerocopyipc::Error` exceptions
/// carrying the C API's result code. The same for every definition, written out verbatim beside the headers.
public enum CppRuntimeHeader {
    /// The file name.
    public static let name = "zerocopyipc.hpp"

    /// The complete text of `zerocopyipc.hpp`.
    public static let text = [core, requestResponse, publishSubscribe, events].joined(separator: "\n") + "\n"
}
