import Foundation
import Subprocess
import SystemPackage
import Testing
import ZeroCopyIPC

/// The publish_subscribe examples as a user runs them: two publishers and two subscribers of the typed example, the
/// dynamic-slice pair and the user-header pair, all at once; then stopped one by one (SIGKILL and Ctrl-C), with
/// nothing of theirs left in shared memory afterwards.
@Suite("Publish-subscribe examples")
struct PublishSubscribeExampleTests {
    /// One running example: its name in the logs, its executable and arguments.
    struct Role: Sendable {
        var name: String
        var binary: String
        var arguments: [String] = []
    }

    private let subscribers = [
        Role(name: "sub0", binary: "publish_subscribe_subscriber"),
        Role(name: "sub1", binary: "publish_subscribe_subscriber"),
        Role(name: "dynsub", binary: "publish_subscribe_dyn_subscriber"),
        Role(name: "headersub", binary: "publish_subscribe_with_user_header", arguments: ["subscriber"]),
    ]
    private let publishers = [
        Role(name: "pub0", binary: "publish_subscribe_publisher"),
        Role(name: "pub1", binary: "publish_subscribe_publisher"),
        Role(name: "dynpub", binary: "publish_subscribe_dyn_publisher"),
        Role(name: "headerpub", binary: "publish_subscribe_with_user_header", arguments: ["publisher"]),
    ]

    /// Waits until `role`'s log has `count` lines that contain `text` (a hang guard of `seconds`, not a timing
    /// check). - Returns: Those lines.
    private func lines(
        _ bed: ExampleBed, _ role: String, containing text: String, count: Int, seconds: Int = 120
    ) async throws -> [String] {
        var found: [String] = []
        for _ in 0..<(seconds * 10) {
            found = bed.lines(role).filter { $0.contains(text) }
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("\(role) printed \(found.count) lines with '\(text)':\n\(bed.lines(role).joined(separator: "\n"))")
        return found
    }

    @Test(.timeLimit(.minutes(3)))
    func publishersAndSubscribersRunTogetherThenStopOneByOne() async throws {
        let bed = try ExampleBed()
        defer { bed.remove() }
        let stops = StopSignals()

        try await withThrowingTaskGroup(of: (String, TerminationStatus).self) { group in
            func start(_ role: Role) throws {
                let log = try FileDescriptor.open(
                    bed.log(role.name), .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite])
                let errors = try FileDescriptor.open(
                    bed.log(role.name + ".err"), .writeOnly, options: [.create, .truncate],
                    permissions: [.ownerReadWrite])
                group.addTask {
                    let result = try await run(
                        .path(FilePath(ExampleBed.binary(role.binary))), arguments: Arguments(role.arguments),
                        environment: bed.environment, input: .none,
                        output: .fileDescriptor(log, closeAfterSpawningProcess: true),
                        error: .fileDescriptor(errors, closeAfterSpawningProcess: true)
                    ) { execution in
                        try execution.send(signal: await stops.wait(for: role.name))
                    }
                    return (role.name, result.terminationStatus)
                }
            }

            // Subscribers first, so that they see the first samples.
            for role in subscribers {
                try start(role)
                _ = try await lines(bed, role.name, containing: "Subscriber ready", count: 1)
            }
            for role in publishers { try start(role) }

            // Both typed publishers reach both typed subscribers; each pair talks.
            for role in ["sub0", "sub1"] {
                let received = try await lines(bed, role, containing: "received: TransmissionData", count: 6)
                let origins = Set(received.compactMap { $0.split(separator: "(publisher ").last?.split(separator: ",").first })
                #expect(origins.count == 2, "\(role) heard \(origins.count) publishers:\n\(received.joined(separator: "\n"))")
            }
            let sizes = try await lines(bed, "dynsub", containing: "bytes", count: 3)
            #expect(sizes.prefix(3) == ["received 1 bytes", "received 4 bytes", "received 9 bytes"], "\(sizes)")
            let headers = try await lines(bed, "headersub", containing: "version 123", count: 2)
            #expect(headers.first?.hasPrefix("received: 1, user header: version 123, timestamp 80338") == true,
                "\(headers)")

            // A publisher dies hard: the other one still reaches sub1. Then a subscriber dies hard.
            await stops.stop("pub0", with: .kill)
            let before = bed.lines("sub1").count
            _ = try await lines(bed, "sub1", containing: "received", count: bed.lines("sub1").filter { $0.contains("received") }.count + 2)
            #expect(bed.lines("sub1").count > before)
            await stops.stop("sub0", with: .kill)
            // Nobody notices a SIGKILL on its own: the next node that looks for dead nodes reclaims what the killed
            // processes left, this cleaner or a waiting example (they look after every quiet 100 ms), whichever
            // comes first (the processes may take a moment to die; a hang guard, not a timing check).
            let cleaner = try NodeBuilder().name("cleaner").config(bed.config).create()
            func deadNodes() -> Int { Node.list(config: bed.config).count { $0.state == .dead } }
            for _ in 0..<300 {
                cleaner.tryCleanupDeadNodes()
                if deadNodes() == 0 && Node.list(config: bed.config).count == 7 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(deadNodes() == 0)
            #expect(Node.list(config: bed.config).count == 7, "6 examples and the cleaner")
            _ = try await lines(bed, "pub1", containing: "to 1 subscriber(s)", count: 1)

            // The rest as with Ctrl-C.
            for role in ["pub1", "sub1", "dynpub", "dynsub", "headerpub", "headersub"] {
                await stops.stop(role, with: .interrupt)
            }
            var statuses: [String: TerminationStatus] = [:]
            for try await (role, status) in group { statuses[role] = status }
            for role in ["pub1", "sub1", "dynpub", "dynsub", "headerpub", "headersub"] {
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
