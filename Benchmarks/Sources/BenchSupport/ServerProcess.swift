#if canImport(Glibc)
import Glibc
#endif
import CBenchShim

/// The server side of a measurement: a separate process started with `posix_spawn`, reaped with `waitpid`.
public struct ServerProcess: ~Copyable {
    /// The server's process id.
    public let pid: pid_t
    private var reaped = false

    /// Starts `executable` with `arguments` (without argv[0]); stdout and stderr are inherited.
    public init(executable: String, arguments: [String]) throws(BenchError) {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        // A client that pinned itself for an earlier measurement must not hand its one CPU to the new server.
        let unpinned = zcipc_bench_unpin()
        guard unpinned == 0 else { throw BenchError("sched_setaffinity (unpin) failed: errno \(unpinned)") }
        let error = posix_spawn(&pid, executable, nil, nil, argv, environ)
        guard error == 0 else { throw BenchError("posix_spawn \(executable) failed: errno \(error)") }
        self.pid = pid
    }

    /// Waits for the server to exit; throws unless it exited with status 0.
    public consuming func wait() throws(BenchError) {
        reaped = true
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw BenchError("waitpid(\(pid)) failed: errno \(errno)") }
        }
        // WIFEXITED(status) && WEXITSTATUS(status) == 0, spelled out: the macros are not imported.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw BenchError("server process \(pid) failed (wait status \(status))")
        }
    }

    /// Gives up ownership without killing: the caller reaps `pid` itself.
    public consuming func detach() {
        reaped = true
    }

    /// Kills and reaps the server (error paths).
    public consuming func kill() {
        reaped = true
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    deinit {
        if !reaped {
            _ = Glibc.kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
    }
}

/// The running executable's path (`/proc/self/exe`).
public func currentExecutablePath() throws(BenchError) -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { throw BenchError("readlink /proc/self/exe failed: errno \(errno)") }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The `zcipc-bench` executable next to the running one (both are built into the same bin folder).
public func siblingExecutable(_ name: String) throws(BenchError) -> String {
    let own = try currentExecutablePath()
    let folder = own[..<(own.lastIndex(of: "/") ?? own.startIndex)]
    let path = "\(folder)/\(name)"
    guard access(path, X_OK) == 0 else {
        throw BenchError("\(path) not found: build it first (swift build -c release --product \(name))")
    }
    return path
}

/// Writes `message` and a newline to standard error (`write(2)`: Glibc's `stderr` is a global variable that strict
/// concurrency rejects).
public func printError(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
