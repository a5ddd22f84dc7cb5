import Glibc
import Subprocess
import SystemPackage
import Testing
import ZeroCopyIPC

/// The WaitSet with its peers in other processes: one WaitSet wakes for a sample, a request, a response and an event
/// from four processes and names exactly the ready attachment; a killed server ends a pending response; SIGINT ends
/// a `waitAndProcess` loop in another process; the async form.
@Suite struct WaitSetProcessTests {
    private func until(_ what: String, _ condition: () -> Bool) async throws {
        for _ in 0..<120_000 where !condition() { try await Task.sleep(for: .milliseconds(1)) }
        #expect(condition(), "timed out waiting for \(what)")
    }

    /// Runs `waitAndProcessOnceAsync` until `expected` is reported and returns every id reported on the way. The
    /// async form: the blocking one would hold one of the few threads of Swift concurrency's pool while the peer
    /// process (spawned by another task of the test process) has yet to start.
    nonisolated(nonsending) private func ids(
        until expected: WaitSetAttachmentId, in waitSet: WaitSet, handle: (WaitSetAttachmentId) -> Void
    ) async throws -> [WaitSetAttachmentId] {
        var ids: [WaitSetAttachmentId] = []
        for _ in 0..<120 where !ids.contains(expected) {
            _ = try await waitSet.waitAndProcessOnceAsync(timeout: .seconds(1)) { id in
                ids.append(id)
                handle(id)
                return .continue
            }
        }
        return ids
    }

    private func pingService(_ node: Node, _ name: String) throws -> RequestResponseService<Ping, Pong> {
        try node.serviceBuilder(ServiceName(name)).requestResponse(Ping.self, Pong.self)
            .maxClients(8).maxServers(4).maxResponseBufferSize(4).create()
    }

    @Test func oneWaitSetWakesForASampleARequestAResponseAndAnEventFromFourProcesses() async throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let samples = try node.serviceBuilder(ServiceName("ws/samples")).publishSubscribe(Sample.self).create()
            let requests = try pingService(node, "ws/requests")
            let responses = try pingService(node, "ws/responses")
            let events = try node.serviceBuilder(ServiceName("ws/events")).event().create()
            let subscriber = try samples.subscriberBuilder().create()
            let server = try requests.serverBuilder().create()
            var client: Client<Ping, Pong>? = try responses.clientBuilder().create()
            let listener = try events.listenerBuilder().create()
            let waitSet = try WaitSetBuilder().create()
            let sampleGuard = try waitSet.attachNotification(subscriber)
            let requestGuard = try waitSet.attachNotification(server)
            let eventGuard = try waitSet.attachNotification(listener)

            // 1. A sample from a publisher process (which stays until killed: a publisher that left before the
            //    subscriber first looked would take its queue with it).
            let (seenSample, _) = try await withHelper(
                "ps-hold-publisher", bed, ["--service", "ws/samples", "--count", "1"], killAtEnd: true
            ) { lines in
                #expect(try await lines.waitFor("SENT") != nil)
                var received: [UInt64] = []
                let seen = try await ids(until: sampleGuard.id, in: waitSet) { id in
                    guard id == sampleGuard.id else { return }
                    while let sample = try? subscriber.receive() { received.append(sample.payload.value) }
                }
                return seen == [sampleGuard.id] && received == [0]
            }
            #expect(seenSample)
            for _ in 0..<600 where samples.numberOfPublishers != 0 {
                node.tryCleanupDeadNodes()
                try await Task.sleep(for: .milliseconds(10))
            }
            var seen: [WaitSetAttachmentId]

            // 2. A request from a client process, answered from the callback.
            async let requester = runHelper("client", bed, ["--service", "ws/requests", "--tag", "3"])
            seen = try await ids(until: requestGuard.id, in: waitSet) { id in
                if id == requestGuard.id, let request = server.receive() {
                    try? request.sendCopy(Pong(value: request.payload.value * 2, index: 0))
                }
            }
            #expect(seen == [requestGuard.id])
            let clientResult = try await requester
            #expect(clientResult.succeeded && clientResult.contains("OK"), "\(clientResult)")

            // 3. A response from a server process.
            async let answerer = runHelper("server", bed, ["--service", "ws/responses", "--count", "1"])
            try await until("the server process") { responses.numberOfServers == 1 }
            let pending = try #require(client).sendCopy(Ping(value: 21, client: 9))
            let responseGuard = try waitSet.attachNotification(pending)
            var answer: UInt64?
            seen = try await ids(until: responseGuard.id, in: waitSet) { id in
                if id == responseGuard.id, answer == nil { answer = try? pending.receive()?.payload.value }
            }
            #expect(seen.first == responseGuard.id && Set(seen) == [responseGuard.id] && answer == 42)
            _ = consume responseGuard
            _ = consume pending
            client = nil
            let serverResult = try await answerer
            #expect(serverResult.succeeded, "\(serverResult)")

            // 4. An event from a notifier process.
            let notifier = try await runHelper("event-notifier", bed, ["--service", "ws/events", "--ids", "6"])
            #expect(notifier.succeeded, "\(notifier)")
            var eventIds: [EventId] = []
            seen = try await ids(until: eventGuard.id, in: waitSet) { id in
                if id == eventGuard.id { eventIds += listener.tryWait() }
            }
            #expect(seen == [eventGuard.id] && eventIds == [EventId(6)])
            _ = consume sampleGuard
            _ = consume requestGuard
            _ = consume eventGuard
        }
        bed.finish()
    }

    @Test func aKilledServerProcessEndsAnAttachedPendingResponse() async throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try pingService(node, "ws/killed")
            let client = try service.clientBuilder().create()
            let waitSet = try WaitSetBuilder().create()
            let result = try await run(
                .path(FilePath(helperPath)),
                arguments: Arguments(["hold-server"] + bed.arguments + ["--service", "ws/killed"]),
                environment: helperEnvironment, input: .none, output: .sequence, error: .discarded
            ) { execution in
                let lines = HelperLines(execution.standardOutput.strings())
                #expect(try await lines.waitFor("READY") != nil)
                for _ in 0..<120_000 where service.numberOfServers != 1 { try await Task.sleep(for: .milliseconds(1)) }
                let pending = try client.sendCopy(Ping(value: 1, client: 1))
                let guarded = try waitSet.attachNotification(pending)
                #expect(try await lines.waitFor("HOLDING") != nil)
                let connected = pending.isConnected
                #expect(connected)
                try execution.send(signal: .kill)
                // The WaitSet cleans up after the dead node after a quiet slice; then no server holds the request,
                // which it reports once as "ready".
                let seen = try await ids(until: guarded.id, in: waitSet) { _ in }
                let ended = !pending.isConnected
                let onlyThatOne = seen == [guarded.id]
                _ = consume guarded
                _ = consume pending
                return (onlyThatOne, ended)
            }
            #expect(!result.terminationStatus.isSuccess)
            #expect(result.closureResult.0 && result.closureResult.1)
            #expect(service.numberOfServers == 0)
        }
        bed.finish()
    }

    /// SIGINT (and SIGTERM) end a `waitAndProcess` loop running in another process, which then exits normally and
    /// gives everything back; `--async 1` runs the async form.
    @Test(arguments: [
        ("0", Signal.interrupt, "interrupt"), ("1", .interrupt, "interrupt"), ("0", .terminate, "terminationRequest"),
    ])
    func aSignalEndsWaitAndProcessInAnotherProcess(asyncForm: String, signal: Signal, expected: String) async throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("ws/loop")).event().create()
            let notifier = try service.notifierBuilder().create()
            let result = try await run(
                .path(FilePath(helperPath)),
                arguments: Arguments(["waitset-loop"] + bed.arguments + ["--service", "ws/loop", "--async", asyncForm]),
                environment: helperEnvironment, input: .none, output: .sequence, error: .discarded
            ) { execution in
                let lines = HelperLines(execution.standardOutput.strings())
                #expect(try await lines.waitFor("READY") != nil)
                for _ in 0..<120_000 where service.numberOfListeners != 1 { try await Task.sleep(for: .milliseconds(1)) }
                _ = try notifier.notify(eventId: EventId(1))
                #expect(try await lines.waitFor("EVENTS") == "EVENTS 1")
                try execution.send(signal: signal)
                return try await lines.readToEnd()
            }
            #expect(result.terminationStatus.isSuccess, "\(result.closureResult)")
            #expect(result.closureResult.contains("RESULT \(expected)"), "\(result.closureResult)")
            #expect(service.numberOfListeners == 0)
            _ = consume notifier
        }
        bed.finish()
    }

    @Test func theAsyncFormWakesForAnEventFromAnotherProcess() async throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("ws/async")).event().create()
            let listener = try service.listenerBuilder().create()
            let waitSet = try WaitSetBuilder().create()
            let events = try waitSet.attachNotification(listener)
            async let notified = runHelper("event-notifier", bed, ["--service", "ws/async", "--ids", "8"])
            var ids: [EventId] = []
            var seen: [WaitSetAttachmentId] = []
            for _ in 0..<120 where ids.isEmpty {
                _ = try await waitSet.waitAndProcessOnceAsync(timeout: .seconds(1)) { id in
                    seen.append(id)
                    if id == events.id { ids += listener.tryWait() }
                    return .continue
                }
            }
            #expect(ids == [EventId(8)] && Set(seen) == [events.id])
            let result = try await notified
            #expect(result.succeeded, "\(result)")
            // A cancelled task ends the async loop.
            let cancelled = Task {
                nonisolated(unsafe) let unsafeWaitSet = waitSet
                return try await unsafeWaitSet.waitAndProcessAsync { _ in .continue }
            }
            cancelled.cancel()
            #expect(try await cancelled.value == .cancelled)
            _ = consume events
        }
        bed.finish()
    }
}
