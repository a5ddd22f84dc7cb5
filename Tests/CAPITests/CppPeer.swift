import Foundation
import IPCCodeGen
import IPCDefinition
import Testing

/// The C++ peer (Tests/CAPITests/Peer/peer.cpp), compiled once per test run with g++ -std=c++17 -Wall -Wextra
/// -Werror against the headers `ipcgen cpp` writes for Definitions/ and linked with the built libZeroCopyIPCC.so.
enum CppPeer {
    /// The compiled peer's path, or the compiler's complaint (a task, as `CPeer.build` is).
    static let build = Task { () async -> Result<String, PeerBuildError> in
        let directory: String
        do {
            directory = try testBuildFolder("cpp-peer")
            let definitions = packageRoot + "/Definitions"
            let model = try DefinitionLoader().load(
                paths: [definitions + "/Geometry.ipcdef", definitions + "/Sensors/Sensor.ipcdef"])
            for file in CppRenderer(definitions: model, baseDirectory: definitions).renderAll() {
                try file.contents.write(toFile: directory + "/" + file.name, atomically: true, encoding: .utf8)
            }
        } catch {
            return .failure(PeerBuildError(description: "generating the C++ headers: \(error)"))
        }
        let output = directory + "/peer-cpp"
        let (status, text) = await CPeer.compile(
            ["-std=c++17", "-Wall", "-Wextra", "-Werror", "-I", CPeer.header, "-I", directory,
             packageRoot + "/Tests/CAPITests/Peer/peer.cpp", "-L", productsFolder, "-lZeroCopyIPCC",
             "-Wl,-rpath," + productsFolder, "-o", output],
            compiler: "/usr/bin/g++")
        return status == 0 ? .success(output) : .failure(PeerBuildError(description: "g++ failed:\n\(text)"))
    }

    static var executable: String { get async { (try? await build.value.get()) ?? "/nonexistent-cpp-peer" } }
}

/// Fails the test unless the library is built and current and the C++ peer compiled.
func requireCppPeer() async throws {
    try await requireCPeer()
    if case .failure(let error) = await CppPeer.build.value { throw error }
}

/// A C++ client (over the generated headers and zerocopyipc.hpp) of Swift, C and Python servers: generated
/// readings with a string, a vector, a nested struct and a fixed array, byte for byte in both directions.
@Suite("C++ peers between processes", .serialized)
struct CppCrossLanguageTests {
    @Test("generated payloads round-trip", arguments: [Peer.swift, .c, .python])
    func generatedPayloads(server: Peer) async throws {
        try await requirePythonPeer()
        try await requireCppPeer()
        let bed = TestBed()
        async let served = run(server, "generated-server", bed, ["--count", "20"])
        let asked = try await run(.cpp, "generated-client", bed, ["--count", "20"])
        let answered = try await served
        #expect(asked.succeeded, "C++ client: \(asked)")
        #expect(answered.succeeded, "\(server) server: \(answered)")
        #expect(asked.value("LAST") == "sensor-19!" && asked.lines.last == "OK", "\(asked)")
        bed.finish()
    }
}
