import Glibc
import Testing
import ZeroCopyIPC

/// Request-response between real processes (the helper executable), one private prefix per test.
@Suite struct RequestResponseProcessTests {
    @Test func typedRoundTripsBetweenTwoProcesses() async throws {
        let bed = TestBed()
        async let server = runHelper("server", bed, ["--count", "20"])
        let client = try await runHelper("client", bed, ["--requests", "20"])
        let served = try await server
        #expect(client.succeeded, "\(client)")
        #expect(served.succeeded, "\(served)")
        #expect(served.value("SERVED") == "20")
        bed.finish()
    }

    @Test func generatedPayloadsWithStringsVectorsAndNestedStructsRoundTrip() async throws {
        let bed = TestBed()
        async let server = runHelper("generated-server", bed, ["--count", "20"])
        let client = try await runHelper("generated-client", bed, ["--count", "20"])
        #expect(client.succeeded, "\(client)")
        #expect(client.value("LAST")?.contains("sensor-19!") == true, "\(client)")
        #expect(try await server.succeeded)
        bed.finish()
    }

    @Test func fourClientsEachReceiveOnlyTheirOwnResponses() async throws {
        let bed = TestBed()
        async let server = runHelper("server", bed, ["--count", "40"])
        try await withThrowingTaskGroup(of: HelperResult.self) { group in
            for tag in 1...4 {
                group.addTask { try await runHelper("client", bed, ["--requests", "10", "--tag", "\(tag)"]) }
            }
            for try await client in group { #expect(client.succeeded, "\(client)") }
        }
        #expect(try await server.succeeded)
        bed.finish()
    }

    @Test func threeServersAllAnswerOneRequestAndOriginTellsThemApart() async throws {
        let bed = TestBed()
        async let first = runHelper("server", bed)
        async let second = runHelper("server", bed)
        async let third = runHelper("server", bed)
        let client = try await runHelper("client", bed, ["--servers", "3"])
        #expect(client.succeeded, "\(client)")
        #expect(client.value("ORIGINS") == "3")
        for server in [try await first, try await second, try await third] { #expect(server.succeeded, "\(server)") }
        bed.finish()
    }

    @Test func serversStreamSeveralResponsesPerRequest() async throws {
        let bed = TestBed()
        let options = ["--responses", "4", "--buffer", "4"]
        async let server = runHelper("server", bed, ["--count", "5"] + options)
        let client = try await runHelper("client", bed, ["--requests", "5"] + options)
        #expect(client.succeeded, "\(client)")
        #expect(try await server.succeeded)
        bed.finish()
    }

    @Test func safeOverflowKeepsTheNewestResponses() async throws {
        let bed = TestBed()
        async let server = runHelper("server", bed, ["--responses", "5", "--buffer", "2"])
        let client = try await runHelper("overflow-client", bed, ["--buffer", "2"])
        #expect(client.succeeded, "\(client)")
        #expect(client.value("INDICES") == "3,4")
        #expect(try await server.succeeded)
        bed.finish()
    }

    @Test func droppingThePendingResponseDisconnectsTheServer() async throws {
        let bed = TestBed()
        async let server = runHelper("disconnect-server", bed, ["--mode", "client-drops"])
        let client = try await runHelper("disconnect-client", bed, ["--mode", "client-drops"])
        let served = try await server
        #expect(client.succeeded, "\(client)")
        #expect(served.contains("CLIENT-DISCONNECTED"), "\(served)")
        bed.finish()
    }

    @Test func droppingTheActiveRequestDisconnectsTheClient() async throws {
        let bed = TestBed()
        async let server = runHelper("disconnect-server", bed, ["--mode", "server-drops"])
        let client = try await runHelper("disconnect-client", bed, ["--mode", "server-drops"])
        #expect(client.contains("SERVER-DISCONNECTED"), "\(client)")
        #expect(try await server.succeeded)
        bed.finish()
    }

    @Test func aMismatchedTypeFromAnotherProcessIsRefused() async throws {
        let bed = TestBed()
        async let server = runHelper("server", bed)
        let opener = try await runHelper("open-mismatch", bed)
        #expect(opener.succeeded, "\(opener)")
        let message = opener.value("INCOMPATIBLE") ?? ""
        #expect(message.contains("size 24 vs 16"), "\(message)")
        #expect(try await runHelper("client", bed).succeeded)
        #expect(try await server.succeeded)
        bed.finish()
    }

    @Test func concurrentOpenOrCreateHasExactlyOneCreator() async throws {
        let bed = TestBed()
        let racers = 6
        var created = 0
        try await withThrowingTaskGroup(of: HelperResult.self) { group in
            for _ in 0..<racers { group.addTask { try await runHelper("race", bed, ["--racers", "\(racers)"]) } }
            for try await racer in group {
                #expect(racer.succeeded, "\(racer)")
                if racer.lines.contains(where: { $0.hasPrefix("CREATED") }) { created += 1 }
            }
        }
        #expect(created == 1)
        unlink(bed.root + "/race-complete")
        bed.finish()
    }

    @Test func aKilledServerIsSeenAsDisconnectedAndReplaced() async throws {
        let bed = TestBed()
        async let client = runHelper("crash-client", bed)
        let killed = try await runHelperAndKill("hold-server", bed, after: "HOLDING")
        #expect(killed)
        async let replacement = runHelper("server", bed)
        let result = try await client
        #expect(result.contains("DISCONNECTED"), "\(result)")
        #expect(result.contains("SERVED-AGAIN"), "\(result)")
        #expect(try await replacement.succeeded)
        bed.finish()
    }

    @Test func steadyStateRoundTripsMakeNoHeapAllocation() async throws {
        let bed = TestBed()
        async let server = runHelper("server", bed, ["--count", "2000", "--count-allocs-after", "1000"])
        let client = try await runHelper("alloc-client", bed, ["--rounds", "1000"])
        let served = try await server
        #expect(client.succeeded, "\(client)")
        #expect(client.value("ALLOCS") == "0", "client: \(client)")
        #expect(served.value("ALLOCS") == "0", "server: \(served)")
        bed.finish()
    }

    @Test func aWaitingServerSkipsACancelledRequestAndGoesOnWaiting() async throws {
        try await serveAfterACancelledRequest { $0.receive(timeout: .seconds(120)) }
    }

    @Test func anAwaitingServerSkipsACancelledRequestAndGoesOnWaiting() async throws {
        try await serveAfterACancelledRequest { await $0.nextRequest(timeout: .seconds(120)) }
    }

    /// Serves `cancel-then-send-client` with one wait: request 1, whose pending response the client dropped before
    /// the wait began (it says `CANCELLED`), is met by the wait and skipped (the service has no fire-and-forget);
    /// the wait must go on to request 2, sent 200 ms later, instead of ending empty-handed. Deterministic: the
    /// cancellation is visible before the server looks.
    private func serveAfterACancelledRequest(
        _ receive: (Server<Ping, Pong>) async -> ActiveRequest<Ping, Pong>?
    ) async throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName("test/service")).requestResponse(Ping.self, Pong.self)
            .maxClients(8).maxServers(4).enableFireAndForgetRequests(false).openOrCreate()
        let server = try service.serverBuilder().create()
        let (_, status) = try await withHelper("cancel-then-send-client", bed, ["--fire-and-forget", "0"]) { lines in
            guard try await lines.waitFor("CANCELLED") != nil else {
                Issue.record("the client ended before cancelling: \(lines.seen)")
                return
            }
            if let request = await receive(server) {
                let value = request.payload.value
                #expect(value == 2)
                try request.sendCopy(Pong(value: value * 2, index: 0))
            } else {
                Issue.record("the wait ended without a request")
            }
        }
        #expect(status.isSuccess, "\(status)")
        _ = consume server
        _ = consume service
        _ = consume node
        bed.finish()
    }
}
