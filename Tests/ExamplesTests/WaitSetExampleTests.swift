import Foundation
import Subprocess
import SystemPackage
import Testing
import ZeroCopyIPC

/// The event and WaitSet examples as a user runs them: the waitset example serving the request_response,
/// request_response_dyn and publish_subscribe peers in one loop; event_notifier and event_listener;
/// request_response_waitset_client against request_response_server. All stopped with Ctrl-C, nothing left behind.
@Suite("Event and WaitSet examples", .serialized)
struct WaitSetExampleTests {
    /// Waits until `role`'s log has `count` lines that contain `text` (a hang guard, not a timing check).
    /// - Returns: Those lines.
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

    /// Runs `roles` (name, executable) as a user would, calls `body` while they run, then stops each with Ctrl-C
    /// and expects a clean exit and nothing left in shared memory or the root folder.
    private func runExamples(
        _ roles: [(String, String)], _ body: (ExampleBed) async throws -> Void
    ) async throws {
        let bed = try ExampleBed()
        defer { bed.remove() }
        let stops = StopSignals()
        try await withThrowingTaskGroup(of: (String, TerminationStatus).self) { group in
            for (role, binary) in roles {
                let log = try FileDescriptor.open(
                    bed.log(role), .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite])
                let errors = try FileDescriptor.open(
                    bed.log(role + ".err"), .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite])
                group.addTask {
                    let result = try await run(
                        .path(FilePath(ExampleBed.binary(binary))), environment: bed.environment, input: .none,
                        output: .fileDescriptor(log, closeAfterSpawningProcess: true),
                        error: .fileDescriptor(errors, closeAfterSpawningProcess: true)
                    ) { execution in
                        try execution.send(signal: await stops.wait(for: role))
                    }
                    return (role, result.terminationStatus)
                }
                // The first role serves the others: let it come up first.
                if role == roles[0].0 { _ = try await lines(bed, role, containing: "ready", count: 1) }
            }
            try await body(bed)
            for (role, _) in roles { await stops.stop(role, with: .interrupt) }
            var statuses: [String: TerminationStatus] = [:]
            for try await (role, status) in group { statuses[role] = status }
            for (role, _) in roles {
                #expect(statuses[role] == .exited(0), "\(role) did not exit cleanly: \(String(describing: statuses[role]))")
                #expect(bed.lines(role).last == "exit", "\(role):\n\(bed.lines(role).suffix(5).joined(separator: "\n"))")
            }
        }
        #expect(bed.leftovers == [], "left behind in shared memory or the root folder")
    }

    @Test(.timeLimit(.minutes(3)))
    func oneWaitSetLoopServesTwoServicesAndASubscriber() async throws {
        try await runExamples([
            ("waitset", "waitset"), ("client", "request_response_client"), ("dynclient", "request_response_dyn_client"),
            ("publisher", "publish_subscribe_publisher"),
        ]) { bed in
            _ = try await lines(bed, "waitset", containing: "[funk] received request", count: 2)
            _ = try await lines(bed, "waitset", containing: "[dynamic] received request", count: 2)
            _ = try await lines(bed, "waitset", containing: "[stream] received: TransmissionData", count: 2)
            _ = try await lines(bed, "client", containing: "received response", count: 2)
            _ = try await lines(bed, "dynclient", containing: "received response with", count: 2)
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aListenerSleepsUntilTheNotifierNotifies() async throws {
        try await runExamples([("listener", "event_listener"), ("notifier", "event_notifier")]) { bed in
            let events = try await lines(bed, "listener", containing: "event was triggered with id:", count: 3)
            let ids = events.compactMap { Int($0.split(separator: " ").last ?? "") }
            #expect(ids.count == events.count && ids.allSatisfy { (0...11).contains($0) }, "\(events)")
            _ = try await lines(bed, "notifier", containing: "reached 1 listener(s)", count: 1)
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func theWaitSetClientWaitsForSeveralPendingResponsesAtOnce() async throws {
        try await runExamples([("server", "request_response_server"), ("client", "request_response_waitset_client")]) {
            bed in
            let responses = try await lines(bed, "client", containing: "received response to request", count: 6)
            // Each request gets its own responses: 1 for an even request, 2 for an odd one (the server's stream).
            let answered = Set(responses.compactMap { $0.split(separator: " ").dropFirst(4).first.map(String.init) })
            #expect(answered.count >= 3, "\(responses)")
            _ = try await lines(bed, "client", containing: "done", count: 3)
        }
    }
}
