import Glibc
import Subprocess
import SystemPackage

/// How a finished process ended and what it wrote.
public struct CapturedRun: Sendable {
    /// How the process ended.
    public let terminationStatus: TerminationStatus
    /// Its standard output.
    public let standardOutput: String
    /// Its standard error.
    public let standardError: String
}

/// Runs a process to its end with its standard output and error written to files, read once it exited.
///
/// Collecting them through pipes (`.string(limit:)`) lost a finished process's whole output now and then while
/// the machine was loaded (an exit status 0 with empty output, from processes that always print; see
/// swiftlang/swift-subprocess#96). A file holds everything the process wrote, whenever the reader looks.
public func runCapturing(
    _ executable: Executable, arguments: Arguments = [], environment: Environment = .inherit,
    workingDirectory: FilePath? = nil
) async throws -> CapturedRun {
    try await inCaptureFolder { folder in
        try await runCapturing(executable, arguments, environment, workingDirectory, in: folder)
    }
}

private func runCapturing(
    _ executable: Executable, _ arguments: Arguments, _ environment: Environment, _ workingDirectory: FilePath?,
    in folder: String
) async throws -> CapturedRun {
    let outputPath = FilePath(folder + "/stdout")
    let errorPath = FilePath(folder + "/stderr")
    let output = try FileDescriptor.open(
        outputPath, .writeOnly, options: [.create, .truncate], permissions: .ownerReadWrite)
    let error = try FileDescriptor.open(
        errorPath, .writeOnly, options: [.create, .truncate], permissions: .ownerReadWrite)
    let result = try await Subprocess.run(
        executable, arguments: arguments, environment: environment, workingDirectory: workingDirectory,
        output: .fileDescriptor(output, closeAfterSpawningProcess: true),
        error: .fileDescriptor(error, closeAfterSpawningProcess: true))
    return CapturedRun(
        terminationStatus: result.terminationStatus, standardOutput: try contents(of: outputPath),
        standardError: try contents(of: errorPath))
}

/// The whole file at `path`, as UTF-8 text.
private func contents(of path: FilePath) throws -> String {
    let file = try FileDescriptor.open(path, .readOnly)
    defer { try? file.close() }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
        if count == 0 { break }
        bytes += chunk[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Runs `executable` to its end with standard output and error written to one file, and returns its exit status
/// (-1 when it could not be started or was killed by a signal) and everything it wrote. Awaits the process instead
/// of blocking a thread of Swift concurrency's small pool (see ``onOwnThread(_:)``).
public func runCombined(
    _ executable: String, _ arguments: [String], in directory: String? = nil,
    environment: [String: String] = [:]
) async -> (status: Int32, output: String) {
    do {
        return try await inCaptureFolder { folder in
            try await runCombined(executable, arguments, directory, environment, in: folder)
        }
    } catch {
        return (-1, "\(error)")
    }
}

private func runCombined(
    _ executable: String, _ arguments: [String], _ directory: String?, _ environment: [String: String],
    in folder: String
) async throws -> (status: Int32, output: String) {
    let outputPath = FilePath(folder + "/output")
    let output = try FileDescriptor.open(
        outputPath, .writeOnly, options: [.create, .truncate], permissions: .ownerReadWrite)
    defer { try? output.close() }
    var updates: [Environment.Key: String?] = [:]
    for (key, value) in environment { updates[Environment.Key(stringLiteral: key)] = value }
    let result = try await Subprocess.run(
        .path(FilePath(executable)), arguments: Arguments(arguments),
        environment: Environment.inherit.updating(updates),
        workingDirectory: directory.map { FilePath($0) },
        output: .fileDescriptor(output, closeAfterSpawningProcess: false),
        error: .fileDescriptor(output, closeAfterSpawningProcess: false))
    let text = try contents(of: outputPath)
    if case .exited(let code) = result.terminationStatus { return (code, text) }
    return (-1, text + "\n(\(result.terminationStatus))")
}

/// Runs `body` with a new private folder under /tmp, removed with everything in it afterwards.
private func inCaptureFolder<Value>(_ body: (String) async throws -> Value) async throws -> Value {
    var template = Array("/tmp/zc-capture-XXXXXX".utf8CString)
    guard let folder = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) })
    else { throw Errno(rawValue: errno) }
    defer {
        for name in ["stdout", "stderr", "output"] { unlink(folder + "/" + name) }
        rmdir(folder)
    }
    return try await body(folder)
}
