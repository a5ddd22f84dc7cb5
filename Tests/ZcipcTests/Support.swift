import Foundation
import Glibc
import IPCPlatform
import ProcessCapture
import Subprocess
import SystemPackage
import Testing
import ZeroCopyIPC

/// A private prefix and root folder per test; whatever the test leaves is removed when the bed goes.
final class ToolBed: Sendable {
    let prefix: String
    let root: String

    init() {
        let tag = String(UInt32.random(in: .min ... .max), radix: 16)
        prefix = "zcz\(tag)_"
        root = "/tmp/zczroot\(tag)"
        mkdir(root, 0o700)
    }

    deinit {
        for name in SharedMemoryMapping.list(prefix: prefix) { SharedMemoryMapping.unlink(name: name) }
        for file in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] { unlink("\(root)/\(file)") }
        rmdir(root)
    }

    var config: Config { Config(rootPath: root, prefix: prefix) }
    var arguments: [String] { ["--prefix", prefix, "--root", root] }

    /// Everything of this test's in /dev/shm (names) and the root folder (paths), sorted.
    var leftovers: [String] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).map { "\(root)/\($0)" }
        return (SharedMemoryMapping.list(prefix: prefix) + files).sorted()
    }
}

/// How a process ended and what it printed.
struct ToolResult: Sendable, CustomStringConvertible {
    var status: TerminationStatus
    var output: String
    var errors: String

    var exitCode: Int32? {
        if case .exited(let code) = status { return code }
        return nil
    }
    var description: String { "status \(status)\nstdout:\n\(output)\nstderr:\n\(errors)" }

    /// The standard output parsed as JSON of type `T`.
    func json<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(output.utf8))
    }
}

/// The folder of the build products (beside the test bundle).
let productsFolder: String = {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let path = String(decoding: buffer[0..<max(0, count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
}()

let toolEnvironment = Environment.inherit.updating(["SWIFT_BACKTRACE": "enable=no"])

/// Runs `zcipc` with `arguments` against the bed's root and prefix.
func zcipc(_ arguments: [String], _ bed: ToolBed) async throws -> ToolResult {
    let result = try await runCapturing(
        .path(FilePath(productsFolder + "/zcipc")), arguments: Arguments(arguments + bed.arguments),
        environment: toolEnvironment)
    return ToolResult(
        status: result.terminationStatus, output: result.standardOutput,
        errors: result.standardError)
}

/// Runs a test-helper scenario, calls `body` with its first line starting with `marker` once printed, then
/// SIGKILLs it.
func withKilledHelper<T: Sendable>(
    _ scenario: String, _ bed: ToolBed, marker: String, _ body: (String) async throws -> T
) async throws -> T {
    let result = try await run(
        .path(FilePath(productsFolder + "/zerocopy-test-helper")), arguments: Arguments([scenario] + bed.arguments),
        environment: toolEnvironment, input: .none, output: .sequence, error: .discarded
    ) { execution -> T? in
        for try await line in execution.standardOutput.strings() where line.hasPrefix(marker) {
            let value = try await body(line)
            try execution.send(signal: .kill)
            return value
        }
        return nil
    }
    return try #require(result.closureResult, "\(scenario) ended without printing \(marker)")
}
