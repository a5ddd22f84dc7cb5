import Subprocess
import SystemPackage
import Testing

/// Events through the C API between processes: C, C++ and Python notifiers and listeners with Swift ones and with
/// each other. Every listener gets each notified id once; an id above the service's maximum is
/// refused in the notifier with the typed error (ZC_ERROR_EVENT_ID_OUT_OF_BOUNDS in C and C++, EventIdOutOfBoundsError
/// in Python).
@Suite("C API events between processes", .serialized)
struct EventCrossLanguageTests {
    @Test(
        "notifier and listener",
        arguments: [
            (Peer.swift, Peer.c), (.c, .swift), (.c, .c), (.swift, .python), (.python, .swift), (.python, .c),
            (.c, .python), (.swift, .cpp), (.cpp, .swift), (.cpp, .python), (.python, .cpp),
        ])
    func notifyAndListen(notifier: Peer, listener: Peer) async throws {
        try await requirePythonPeer()
        try await requireCppPeer()
        let bed = TestBed()
        let notifierArguments = ["--listeners", "1", "--ids", "9,0,63", "--too-large", "64"]
        // The C, C++ and Python peers create the service (ids up to 63); the Swift helper only opens it, so it goes last.
        let listenerFirst = notifier == .swift || listener != .swift
        let (first, second) =
            listenerFirst
            ? try await runAfterReady(listener, "event-listener", ["--count", "3"], then: notifier, "event-notifier",
                notifierArguments, bed)
            : try await runAfterReady(notifier, "event-notifier", notifierArguments, then: listener, "event-listener",
                ["--count", "3"], bed)
        let (listened, notified) = listenerFirst ? (first, second) : (second, first)
        #expect(notified.succeeded, "\(notifier) notifier: \(notified)")
        #expect(listened.succeeded, "\(listener) listener: \(listened)")
        #expect(notified.lines.filter { $0 == "REACHED 1" }.count == 3, "\(notified)")
        let tooLarge = [
            Peer.c: "ZC_ERROR_EVENT_ID_OUT_OF_BOUNDS", .cpp: "ZC_ERROR_EVENT_ID_OUT_OF_BOUNDS", .swift: "eventIdOutOfBounds",
            .python: "EventIdOutOfBoundsError EVENT_ID_OUT_OF_BOUNDS",
        ][notifier]
        #expect(notified.value("TOO_LARGE") == tooLarge, "\(notified)")
        let ids = listened.value("IDS")?.split(separator: ",").map(String.init) ?? []
        #expect(ids.count == 3 && Set(ids) == ["0", "9", "63"], "\(listened)")
        bed.finish()
    }

    /// Runs `first` until it prints READY, then `second` to its end, then the rest of `first`.
    private func runAfterReady(
        _ first: Peer, _ firstScenario: String, _ firstArguments: [String], then second: Peer,
        _ secondScenario: String, _ secondArguments: [String], _ bed: TestBed
    ) async throws -> (PeerResult, PeerResult) {
        let result = try await Subprocess.run(
            .path(FilePath(await first.path)),
            arguments: Arguments(first.prefixArguments + [firstScenario] + bed.arguments + firstArguments),
            environment: environment, input: .none, output: .sequence, error: .string(limit: 1 << 16)
        ) { execution in
            var lines: [String] = []
            var output = execution.standardOutput.strings().makeAsyncIterator()
            while let line = try await output.next() {
                lines.append(line)
                if line == "READY" { break }
            }
            let other = try await run(second, secondScenario, bed, secondArguments)
            while let line = try await output.next() { lines.append(line) }
            return (lines, other)
        }
        let (lines, other) = result.closureResult
        let firstResult = PeerResult(
            status: result.terminationStatus, output: lines.joined(separator: "\n"), errors: result.standardError)
        return (firstResult, other)
    }
}
