import Testing
import ZeroCopyIPC

/// Issue 16's defects 2, 3 and 6 between real processes (1 and 4 are in SegmentHandoverTests and
/// ServiceRegistrationTests).
@Suite struct DefectProcessTests {
    private func pingService(_ node: Node) throws -> RequestResponseService<Ping, Pong> {
        try node.serviceBuilder(ServiceName("test/service")).requestResponse(Ping.self, Pong.self)
            .maxClients(8).maxServers(4).openOrCreate()
    }

    /// With `maxNodes(2)`, a second node still opens the service twice: a node counts once.
    @Test func aNodeThatOpensTwiceCountsOnce() async throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName("test/service")).requestResponse(Ping.self, Pong.self)
            .maxClients(8).maxServers(4).maxNodes(2).create()
        let result = try await runHelper("open-twice", bed)
        #expect(result.succeeded, "\(result)")
        #expect(result.value("NODES") == "2", "\(result)")
        #expect(service.numberOfNodes == 1)
        _ = consume service
        _ = consume node
        bed.finish()
    }

    /// Another process may require less alignment than the service has, not more.
    @Test func openersMayRequireAtMostTheServicesAlignment() async throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName("test/service")).requestResponse(Ping.self, Pong.self)
            .maxClients(8).maxServers(4).requestPayloadAlignment(64).create()
        let less = try await runHelper("open-aligned", bed, ["--alignment", "32"])
        let more = try await runHelper("open-aligned", bed, ["--alignment", "128"])
        #expect(less.value("OPENED") == "64", "\(less)")
        #expect(more.value("REFUSED")?.contains("alignment 128 required, the service's is 64") == true, "\(more)")
        _ = consume service
        _ = consume node
        bed.finish()
    }

    /// Requests a client process left behind are taken before those of a live client, though sent after them.
    @Test func requestsOfADepartedClientProcessComeFirst() async throws {
        let bed = TestBed()
        try await takeRequestsOfADepartedClientFirst(bed)
        bed.finish()
    }

    private func takeRequestsOfADepartedClientFirst(_ bed: TestBed) async throws {
        let node = try NodeBuilder().config(bed.config).create()
        let service = try pingService(node)
        let server = try service.serverBuilder().create()
        let live = try service.clientBuilder().create()
        async let leaving = runHelper("delivery-client", bed, ["--requests", "3", "--leave", "1", "--wait-servers", "2"])
        for _ in 0..<120_000 where service.numberOfClients < 2 { try await Task.sleep(for: .milliseconds(1)) }
        let nothingYet = server.receive() == nil  // connects to both clients before either sends
        #expect(nothingYet)
        let first = try live.sendCopy(Ping(value: 100, client: 0))
        let second = try live.sendCopy(Ping(value: 101, client: 0))
        let signal = try service.serverBuilder().create()  // the second server lets the other client send
        let result = try await leaving
        #expect(result.value("SENT") == "3", "\(result)")
        var order: [UInt64] = []
        while let request = server.receive() { order.append(request.payload.value) }
        #expect(order == [0, 1, 2, 100, 101], "\(order)")
        let ids = (first.header.requestId, second.header.requestId)
        #expect(ids.0 != ids.1)
        _ = signal
    }
}
