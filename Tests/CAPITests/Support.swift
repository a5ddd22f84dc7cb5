import Foundation
import Glibc
import IPCCodeGen
import IPCDefinition
import IPCPlatform
import ProcessCapture
import Subprocess
import SystemPackage
import Testing

/// A private prefix and root folder per test (as in ZeroCopyIPCTests), removed when the bed goes.
final class TestBed: Sendable {
    let prefix: String
    let root: String

    init() {
        let tag = String(UInt32.random(in: .min ... .max), radix: 16)
        prefix = "zcc\(tag)_"
        root = "/tmp/zccroot\(tag)"
        mkdir(root, 0o700)
    }

    deinit { removeEverything() }

    var arguments: [String] { ["--prefix", prefix, "--root", root] }

    /// Everything of this test's left in /dev/shm and the root folder.
    var leftovers: [String] {
        SharedMemoryMapping.list(prefix: prefix).map { "/dev/shm/\($0)" }
            + ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).map { "\(root)/\($0)" }
    }

    /// Expects nothing left behind, then removes the root folder.
    func finish(sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(leftovers == [], "left behind", sourceLocation: sourceLocation)
        removeEverything()
    }

    private func removeEverything() {
        for name in SharedMemoryMapping.list(prefix: prefix) { SharedMemoryMapping.unlink(name: name) }
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// What a process printed and how it ended.
struct PeerResult: Sendable, CustomStringConvertible {
    var status: TerminationStatus
    var output: String
    var errors: String

    var succeeded: Bool { status.isSuccess }
    var lines: [String] { output.split(separator: "\n").map(String.init) }
    func value(_ key: String) -> String? {
        lines.first { $0.hasPrefix(key + " ") }.map { String($0.dropFirst(key.count + 1)) }
    }
    var description: String { "status \(status)\nstdout:\n\(output)\nstderr:\n\(errors)" }
}

/// The build products folder: where the test bundle, the Swift test helper and libZeroCopyIPCC.so are.
let productsFolder: String = {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let path = String(decoding: buffer[0..<max(0, count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
}()

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// Every peer's environment; the Python peer finds the library and its generated modules through it.
let environment = Environment.inherit.updating([
    "SWIFT_BACKTRACE": "enable=no", "MALLOC_CHECK_": "3", "ZEROCOPYIPC_LIBRARY": CPeer.library,
    "PYTHONPATH": PythonPeer.modules, "PYTHONDONTWRITEBYTECODE": "1",
])

/// One of the kinds of peer: the Swift test helper, the C peer, the Python peer or the C++ peer.
enum Peer: String, Sendable, CustomStringConvertible {
    case swift, c, python, cpp

    var path: String {
        get async {
            switch self {
            case .swift: productsFolder + "/zerocopy-test-helper"
            case .c: await CPeer.executable
            case .python: "/usr/bin/env"
            case .cpp: await CppPeer.executable
            }
        }
    }

    /// The arguments before the scenario's.
    var prefixArguments: [String] { self == .python ? ["python3", PythonPeer.script] : [] }
    var description: String { rawValue }
}

/// A fresh folder for what this test run builds (generated headers, compiled peers), inside the build folder
/// instead of /tmp so that nothing is left behind: each run replaces the previous run's folder of that name.
func testBuildFolder(_ name: String) throws -> String {
    let directory = productsFolder + "/test-peers/" + name
    try? FileManager.default.removeItem(atPath: directory)
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return directory
}

/// Runs a peer scenario to its end.
func run(
    _ peer: Peer, _ scenario: String, _ bed: TestBed, _ extra: [String] = [],
    environment more: [Environment.Key: String] = [:]
) async throws -> PeerResult {
    let result = try await runCapturing(
        .path(FilePath(await peer.path)), arguments: Arguments(peer.prefixArguments + [scenario] + bed.arguments + extra),
        environment: more.isEmpty ? environment : environment.updating(more))
    return PeerResult(status: result.terminationStatus, output: result.standardOutput, errors: result.standardError)
}

/// The C peer (Tests/CAPITests/Peer), compiled once per test run with gcc -std=c11 -Wall -Werror against
/// zerocopyipc.h and the headers `ipcgen c` writes for Definitions/, linked with the built libZeroCopyIPCC.so.
enum CPeer {
    static let library = productsFolder + "/libZeroCopyIPCC.so"
    static let header = packageRoot + "/Sources/CZeroCopyIPC/include"

    /// The compiled peer's path, or the compiler's complaint: a task, so that the tests that need the peer await
    /// one compile instead of blocking threads of Swift concurrency's small pool on it (see `onOwnThread`).
    static let build = Task { () async -> Result<String, PeerBuildError> in
        // `swift build --build-tests` compiles the C API's objects but does not link the library product.
        guard let built = modificationDate(library) else {
            return .failure(PeerBuildError(
                description: "\(library) is missing; build it first: swift build --product ZeroCopyIPCC"))
        }
        let objects = ["ZeroCopyIPCC.build", "ZeroCopyIPC.build"].flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: productsFolder + "/" + folder)) ?? [])
                .filter { $0.hasSuffix(".o") }.map { productsFolder + "/" + folder + "/" + $0 }
        }
        if let newest = objects.compactMap(modificationDate).max(), newest > built {
            return .failure(PeerBuildError(
                description: "\(library) is older than the runtime it is built from; rebuild it: "
                    + "swift build --product ZeroCopyIPCC"))
        }
        let directory: String
        do {
            directory = try testBuildFolder("c-peer")
            let definitions = packageRoot + "/Definitions"
            let paths = ["Geometry.ipcdef", "Sensors/Sensor.ipcdef", "TransmissionData.ipcdef", "DynamicData.ipcdef"]
                .map { definitions + "/" + $0 }
            let model = try DefinitionLoader().load(paths: paths)
            for file in CHeaderRenderer(definitions: model, baseDirectory: definitions).renderAll() {
                try file.contents.write(toFile: directory + "/" + file.name, atomically: true, encoding: .utf8)
            }
        } catch {
            return .failure(PeerBuildError(description: "generating the headers: \(error)"))
        }
        let output = directory + "/peer"
        let (status, text) = await compile(
            ["-std=c11", "-Wall", "-Werror", "-I", header, "-I", directory, packageRoot + "/Tests/CAPITests/Peer/peer.c",
             packageRoot + "/Tests/CAPITests/Peer/mistakes.c", "-L", productsFolder, "-lZeroCopyIPCC",
             "-Wl,-rpath," + productsFolder, "-o", output])
        return status == 0 ? .success(output) : .failure(PeerBuildError(description: "gcc failed:\n\(text)"))
    }

    static var executable: String { get async { (try? await build.value.get()) ?? "/nonexistent-c-peer" } }

    /// Runs gcc (or g++) and returns its status and combined output.
    static func compile(_ arguments: [String], compiler: String = "/usr/bin/gcc") async -> (Int32, String) {
        await runCombined(compiler, arguments)
    }
}

private func modificationDate(_ path: String) -> Date? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
}

struct PeerBuildError: Error, CustomStringConvertible { var description: String }

/// Fails the test unless the C peer compiled.
func requireCPeer() async throws {
    if case .failure(let error) = await CPeer.build.value { throw error }
}
