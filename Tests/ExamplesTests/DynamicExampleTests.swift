import Foundation
import Subprocess
import SystemPackage
import Testing
import ZeroCopyIPC

/// The request_response_dyn examples as a user runs them: several servers and clients at once on one service,
/// stopped one by one (SIGKILL and Ctrl-C), with nothing of theirs left in shared memory afterwards.
@Suite("Dynamic-slice examples", .serialized)
struct DynamicExampleTests {
    @Test(.timeLimit(.minutes(3)))
    func threeClientsAndTwoServersRunTogetherThenStopOneByOne() async throws {
        let bed = try ExampleBed()
        defer { bed.remove() }
        let roles = ["server0", "server1", "client0", "client1", "client2"]
        let stops = StopSignals()

        try await withThrowingTaskGroup(of: (String, TerminationStatus).self) { group in
            for role in roles {
                let binary = ExampleBed.binary(role.hasPrefix("server") ? "request_response_dyn_server" : "request_response_dyn_client")
                let log = try FileDescriptor.open(
                    bed.log(role), .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite])
                let errors = try FileDescriptor.open(
                    bed.log(role + ".err"), .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite])
                group.addTask {
                    let result = try await run(
                        .path(FilePath(binary)), environment: bed.environment, input: .none,
                        output: .fileDescriptor(log, closeAfterSpawningProcess: true), error: .fileDescriptor(errors, closeAfterSpawningProcess: true)
                    ) { execution in
                        let signal = await stops.wait(for: role)
                        try execution.send(signal: signal)
                    }
                    return (role, result.terminationStatus)
                }
                // Servers first, so that the first requests find one.
                try await Task.sleep(for: .milliseconds(role.hasPrefix("server") ? 800 : 200))
            }

            try await Task.sleep(for: .seconds(10))
            for role in roles {
                let lines = bed.lines(role)
                // Servers print "received request with N bytes ...", clients "  received response with N bytes".
                let received = lines.filter { $0.contains("received request with") || $0.contains("received response with") }
                #expect(received.count >= 3, "\(role) reported too little:\n\(lines.joined(separator: "\n"))")
            }

            // One by one: a client and a server die hard, the rest are stopped as with Ctrl-C.
            let order: [(String, Signal)] = [
                ("client0", .kill), ("server0", .kill), ("client1", .interrupt), ("client2", .interrupt),
                ("server1", .interrupt),
            ]
            for (role, signal) in order {
                await stops.stop(role, with: signal)
                try await Task.sleep(for: .milliseconds(700))
            }
            var statuses: [String: TerminationStatus] = [:]
            for try await (role, status) in group { statuses[role] = status }
            for role in ["client1", "client2", "server1"] {
                #expect(statuses[role] == .exited(0), "\(role) did not exit cleanly: \(String(describing: statuses[role]))")
                #expect(bed.lines(role).last == "exit", "\(role):\n\(bed.lines(role).suffix(5).joined(separator: "\n"))")
            }
        }

        // The killed processes could not clean up; the next node that starts reclaims what they left.
        do {
            let node = try NodeBuilder().name("cleaner").config(bed.config).create()
            _ = node.tryCleanupDeadNodes()
        }
        #expect(bed.leftovers == [], "left behind in shared memory or the root folder")
    }
}

/// Hands each running example the signal that stops it, when the test decides.
actor StopSignals {
    private var waiting: [String: CheckedContinuation<Signal, Never>] = [:]
    private var pending: [String: Signal] = [:]

    func wait(for role: String) async -> Signal {
        if let signal = pending.removeValue(forKey: role) { return signal }
        return await withCheckedContinuation { waiting[role] = $0 }
    }

    func stop(_ role: String, with signal: Signal) {
        if let continuation = waiting.removeValue(forKey: role) {
            continuation.resume(returning: signal)
        } else {
            pending[role] = signal
        }
    }
}

/// A private prefix, root folder and config file, so the examples' files are told apart from anyone else's.
struct ExampleBed: Sendable {
    let prefix: String
    let root: String
    let logs: String
    let configFile: String

    init() throws {
        let tag = String(UInt32.random(in: .min ... .max), radix: 16)
        prefix = "zcex\(tag)_"
        root = "/tmp/zcexroot\(tag)"
        logs = "/tmp/zcexlogs\(tag)"
        configFile = logs + "/zerocopyipc.toml"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        try "[global]\nroot-path = \"\(root)\"\nprefix = \"\(prefix)\"\n"
            .write(toFile: configFile, atomically: true, encoding: .utf8)
    }

    var config: Config { Config(rootPath: root, prefix: prefix) }

    var environment: Environment {
        // The examples find their config through this variable (`Config.environmentVariable`).
        .inherit.updating(["ZEROCOPYIPC_CONFIG": configFile, "SWIFT_BACKTRACE": "enable=no"])
    }

    func log(_ role: String) -> FilePath { FilePath("\(logs)/\(role).log") }

    func lines(_ role: String) -> [String] {
        ((try? String(contentsOfFile: "\(logs)/\(role).log", encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    /// Our files in /dev/shm and in the root folder.
    var leftovers: [String] {
        let shm = ((try? FileManager.default.contentsOfDirectory(atPath: "/dev/shm")) ?? []).filter { $0.hasPrefix(prefix) }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return shm.map { "/dev/shm/\($0)" } + files.map { "\(root)/\($0)" }
    }

    func remove() {
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: "/dev/shm")) ?? []) where name.hasPrefix(prefix) {
            try? FileManager.default.removeItem(atPath: "/dev/shm/\(name)")
        }
        try? FileManager.default.removeItem(atPath: root)
        try? FileManager.default.removeItem(atPath: logs)
    }

    /// An example executable beside the test bundle in the build products folder.
    static func binary(_ name: String) -> String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent(name).path
    }
}
