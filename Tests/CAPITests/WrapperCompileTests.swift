import Foundation
import IPCCodeGen
import IPCDefinition
import Testing

/// The typed wrappers `ipcgen c` writes for services compile with zerocopyipc.h as C11 and C++17 under
/// -Wall -Werror (also -Wextra in C), for the example definitions and the C golden fixture's services.
@Suite("C API wrappers compile")
struct WrapperCompileTests {
    static let sets: [(String, [String])] = [
        ("definitions", ["Geometry.ipcdef", "Sensors/Sensor.ipcdef", "TransmissionData.ipcdef", "DynamicData.ipcdef",
            "Shapes.ipcdef"].map { packageRoot + "/Definitions/" + $0 }),
        ("fixture", [packageRoot + "/Tests/IPCHeaderCheckTests/Fixtures/v2.ipcdef"]),
    ]

    @Test("with zerocopyipc.h included first", arguments: [0, 1])
    func compiles(set: Int) async throws {
        let (label, paths) = Self.sets[set]
        let directory = NSTemporaryDirectory() + "zcipc-wrappers-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = try DefinitionLoader().load(paths: paths)
        let base = URL(fileURLWithPath: paths[0]).deletingLastPathComponent().path
        let files = CHeaderRenderer(definitions: model, baseDirectory: label == "definitions" ? packageRoot + "/Definitions" : base)
            .renderAll()
        for file in files {
            try file.contents.write(toFile: directory + "/" + file.name, atomically: true, encoding: .utf8)
        }
        let wrappers = files.filter { $0.contents.contains("#ifdef ZEROCOPYIPC_H") }
        #expect(!wrappers.isEmpty, "no header of \(label) has service wrappers")
        let includes = ["#include \"zerocopyipc.h\""] + files.map { "#include \"\($0.name)\"" }
        try (includes.joined(separator: "\n") + "\nint main(void) { return 0; }\n")
            .write(toFile: directory + "/all.c", atomically: true, encoding: .utf8)
        try (includes.joined(separator: "\n") + "\nint main() { return 0; }\n")
            .write(toFile: directory + "/all.cpp", atomically: true, encoding: .utf8)
        let common = ["-Wall", "-Werror", "-I", CPeer.header, "-I", directory, "-c"]
        let c = await CPeer.compile(["-std=c11", "-Wextra"] + common + [directory + "/all.c", "-o", directory + "/c.o"])
        #expect(c.0 == 0, "gcc: \(c.1)")
        let cpp = await CPeer.compile(
            ["-std=c++17"] + common + [directory + "/all.cpp", "-o", directory + "/cpp.o"], compiler: "/usr/bin/g++")
        #expect(cpp.0 == 0, "g++: \(cpp.1)")
    }
}
