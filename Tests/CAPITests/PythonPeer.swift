import Foundation
import IPCCodeGen
import IPCDefinition
import Testing

/// The Python peer (Tests/CAPITests/Peer/peer.py) and the modules `ipcgen python` writes for Definitions/, once
/// per test run, into a temporary folder that the peers' PYTHONPATH names.
enum PythonPeer {
    static let script = packageRoot + "/Tests/CAPITests/Peer/peer.py"

    /// The folder with the generated modules and zerocopyipc.py, or why it could not be written.
    static let build: Result<String, PeerBuildError> = {
        let directory: String
        do {
            directory = try testBuildFolder("python-peer")
            let definitions = packageRoot + "/Definitions"
            let paths = ["Geometry.ipcdef", "Sensors/Sensor.ipcdef", "TransmissionData.ipcdef", "DynamicData.ipcdef"]
                .map { definitions + "/" + $0 }
            let model = try DefinitionLoader().load(paths: paths)
            for file in PythonRenderer(definitions: model, baseDirectory: definitions).renderAll() {
                try file.contents.write(toFile: directory + "/" + file.name, atomically: true, encoding: .utf8)
            }
            return .success(directory)
        } catch {
            return .failure(PeerBuildError(description: "generating the Python modules: \(error)"))
        }
    }()

    /// The folder the peers' PYTHONPATH names.
    static var modules: String { (try? build.get()) ?? "/nonexistent-python-modules" }

    /// Whether python3 can import numpy (the numpy views are tested only then).
    static let hasNumpy: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import numpy"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()
}

/// Fails the test unless the library is built and current and the Python modules were generated.
func requirePythonPeer() async throws {
    try await requireCPeer()
    if case .failure(let error) = PythonPeer.build { throw error }
}
