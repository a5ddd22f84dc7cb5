import Glibc
import IPCPlatform
import ProcessCapture
import Subprocess
import SystemPackage
import Testing
import ZeroCopyIPC

/// A private prefix and root folder per test, so tests run in parallel and leak checks see only their own files.
/// Whatever the test leaves is removed when the bed goes, also when the test fails before ``finish()``.
final class TestBed: Sendable {
    let prefix: String
    let root: String

    deinit { removeEverything() }

    init() {
        let tag = String(UInt32.random(in: .min ... .max), radix: 16)
        prefix = "zct\(tag)_"
        root = "/tmp/zctroot\(tag)"
        mkdir(root, 0o700)
    }

    var config: Config { Config(rootPath: root, prefix: prefix) }
    var arguments: [String] { ["--prefix", prefix, "--root", root] }

    /// Everything of this test's that is left in /dev/shm and the root folder.
    var leftovers: [String] {
        SharedMemoryMapping.list(prefix: prefix).map { "/dev/shm/\($0)" } + listDirectory(root).map { "\(root)/\($0)" }
    }

    /// Expects nothing left behind, then removes the root folder.
    func finish(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(leftovers == [], "left behind", sourceLocation: sourceLocation)
        removeEverything()
    }

    private func removeEverything() {
        for name in SharedMemoryMapping.list(prefix: prefix) { SharedMemoryMapping.unlink(name: name) }
        for file in listDirectory(root) { unlink("\(root)/\(file)") }
        rmdir(root)
    }
}

/// What a helper process printed and how it ended.
struct HelperResult: Sendable, CustomStringConvertible {
    var status: TerminationStatus
    var output: String
    var errors: String

    var succeeded: Bool { status.isSuccess }
    var lines: [String] { output.split(separator: "\n").map(String.init) }
    /// The rest of the first line that starts with `key `.
    func value(_ key: String) -> String? {
        lines.first { $0.hasPrefix(key + " ") }.map { String($0.dropFirst(key.count + 1)) }
    }
    func contains(_ line: String) -> Bool { lines.contains(line) }
    var description: String { "status \(status)\nstdout:\n\(output)\nstderr:\n\(errors)" }
}

/// The helper executable beside the test bundle in the build products folder.
let helperPath: String = {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let path = String(decoding: buffer[0..<max(0, count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    return folder + "/zerocopy-test-helper"
}()

// glibc's malloc checks: freed memory is overwritten and heap damage aborts, so a use after free in the runtime
// fails the test that caused it instead of going unnoticed.
let helperEnvironment = Environment.inherit.updating([
    "SWIFT_BACKTRACE": "enable=no", "MALLOC_CHECK_": "3", "MALLOC_PERTURB_": "165",
])

/// Runs one helper scenario to its end.
func runHelper(_ scenario: String, _ bed: TestBed, _ extra: [String] = []) async throws -> HelperResult {
    let result = try await runCapturing(
        .path(FilePath(helperPath)), arguments: Arguments([scenario] + bed.arguments + extra),
        environment: helperEnvironment)
    return HelperResult(
        status: result.terminationStatus, output: result.standardOutput, errors: result.standardError)
}

/// A running helper's output, line by line, for a test that acts on what the helper says.
final class HelperLines {
    private var iterator: AsyncThrowingStream<String, any Error>.Iterator
    /// The lines read so far.
    private(set) var seen: [String] = []

    init<Lines: AsyncSequence & Sendable>(_ lines: Lines) where Lines.Element == String {
        let stream = AsyncThrowingStream<String, any Error> { continuation in
            let task = Task {
                do {
                    for try await line in lines { continuation.yield(line) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        iterator = stream.makeAsyncIterator()
    }

    /// Reads until a line starting with `prefix`. - Returns: That line, `nil` when the helper ended first.
    func waitFor(_ prefix: String) async throws -> String? {
        while let line = try await iterator.next() {
            seen.append(line)
            if line.hasPrefix(prefix) { return line }
        }
        return nil
    }

    /// Reads to the end of the output. - Returns: Every line read, from the first.
    func readToEnd() async throws -> [String] {
        while let line = try await iterator.next() { seen.append(line) }
        return seen
    }
}

/// Runs a helper and, while it runs, `body` with its output as it comes (stderr is discarded); then waits for the
/// helper to end, or SIGKILLs it first when `kill` is set.
/// - Returns: What `body` returned and how the helper ended.
func withHelper<T: Sendable>(
    _ scenario: String, _ bed: TestBed, _ extra: [String] = [], killAtEnd kill: Bool = false,
    _ body: (HelperLines) async throws -> T
) async throws -> (value: T, status: TerminationStatus) {
    let result = try await run(
        .path(FilePath(helperPath)), arguments: Arguments([scenario] + bed.arguments + extra),
        environment: helperEnvironment, input: .none, output: .sequence, error: .discarded
    ) { execution in
        let lines = HelperLines(execution.standardOutput.strings())
        let value = try await body(lines)
        if kill { try execution.send(signal: .kill) } else { _ = try await lines.readToEnd() }
        return value
    }
    return (result.closureResult, result.terminationStatus)
}

/// Runs a helper until it prints a line starting with `marker`, then SIGKILLs it.
/// - Returns: Whether the marker was seen before the helper ended.
func runHelperAndKill(
    _ scenario: String, _ bed: TestBed, _ extra: [String] = [], after marker: String
) async throws -> Bool {
    let result = try await run(
        .path(FilePath(helperPath)), arguments: Arguments([scenario] + bed.arguments + extra),
        environment: helperEnvironment, input: .none, output: .sequence, error: .discarded
    ) { execution in
        var seen: [String] = []
        for try await line in execution.standardOutput.strings() {
            if line.hasPrefix(marker) {
                try execution.send(signal: .kill)
                return true
            }
            seen.append(line)
        }
        Issue.record("\(scenario) ended without printing \(marker): \(seen)")
        return false
    }
    return result.closureResult
}
