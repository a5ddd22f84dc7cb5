import Testing
import ZeroCopyIPC

/// Messages in data segments the receiver has not mapped yet (a slice port that grew) survive their sender's
/// graceful departure, and the segments go once nobody can read them any more (issue 16, defect 1).
@Suite struct SegmentHandoverTests {
    private func bytes(_ count: Int, _ seed: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ seed) }
    }

    @Test(arguments: [1000, 70_000])
    func aGrownRequestOutlivesItsClient(length: Int) throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("handover/request"))
                .requestResponse([UInt8].self, [UInt8].self).create()
            let server = try service.serverBuilder().create()
            var client: Client<[UInt8], [UInt8]>? = try service.clientBuilder()
                .initialMaxSliceLen(4).allocationStrategy(.powerOfTwo).create()
            let nothingYet = server.receive() == nil  // the server is connected
            #expect(nothingYet)
            _ = try client!.sendCopy(bytes(3, 1))  // in the first segment
            _ = try client!.sendCopy(bytes(length, 2))  // needs a new segment
            _ = try client!.sendCopy(bytes(length * 3, 3))  // and another one
            client = nil
            for (expectedLength, seed) in [(3, 1), (length, 2), (length * 3, 3)] {
                guard let request = server.receive() else {
                    Issue.record("request of \(expectedLength) bytes lost")
                    continue
                }
                #expect(request.copyPayload() == bytes(expectedLength, seed))
            }
            let nothingMore = server.receive() == nil
            #expect(nothingMore)
        }
        bed.finish()
    }

    @Test func aGrownResponseOutlivesItsServer() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("handover/response"))
                .requestResponse([UInt8].self, [UInt8].self).maxResponseBufferSize(4).create()
            var server: Server<[UInt8], [UInt8]>? = try service.serverBuilder()
                .initialMaxSliceLen(4).allocationStrategy(.bestFit).create()
            let client = try service.clientBuilder().create()
            let pending = try client.sendCopy(bytes(1, 0))
            do {
                guard let request = server!.receive() else {
                    Issue.record("no request")
                    return
                }
                for length in [2, 1000, 5000] { try request.sendCopy(bytes(length, length)) }
            }
            server = nil
            let connected = pending.isConnected
            #expect(!connected)
            for length in [2, 1000, 5000] {
                guard let response = try pending.receive() else {
                    Issue.record("response of \(length) bytes lost")
                    continue
                }
                #expect(response.copyPayload() == bytes(length, length))
            }
        }
        bed.finish()
    }

    @Test func aHandedOverSegmentGoesWhenItsReceiverLeavesWithoutReadingIt() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("handover/unread"))
                .requestResponse([UInt8].self, [UInt8].self).create()
            var server: Server<[UInt8], [UInt8]>? = try service.serverBuilder().create()
            var client: Client<[UInt8], [UInt8]>? = try service.clientBuilder()
                .initialMaxSliceLen(4).allocationStrategy(.powerOfTwo).create()
            let nothingYet = server!.receive() == nil
            #expect(nothingYet)
            _ = try client!.sendCopy(bytes(5000, 1))
            client = nil
            server = nil  // never read it
            _ = service
        }
        bed.finish()
    }

    private func handoverBytes(_ sequence: Int) -> [UInt8] {
        (0..<(1000 << sequence)).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ sequence) }
    }

    /// A client process sends slices that grow its memory and exits before this server reads them: after
    /// dropping its ports, or without (its node is then cleaned up as a dead one).
    @Test(arguments: [false, true])
    func grownRequestsOutliveTheClientProcessThatSentThem(exitAtOnce: Bool) async throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName("test/service"))
            .requestResponse([UInt8].self, [UInt8].self).maxResponseBufferSize(4).openOrCreate()
        let server = try service.serverBuilder().create()
        async let client = runHelper("handover-client", bed, ["--count", "4", "--exit-at-once", exitAtOnce ? "1" : "0"])
        if let first = await server.nextRequest(timeout: .seconds(120)) { try first.sendCopy([1]) }
        let sent = try await client
        #expect(sent.succeeded && sent.contains("SENT"), "\(sent)")
        #expect(node.tryCleanupDeadNodes() == (exitAtOnce ? 1 : 0))
        for sequence in 0..<4 {
            guard let request = server.receive() else {
                Issue.record("request \(sequence) was lost")
                continue
            }
            #expect(request.copyPayload() == handoverBytes(sequence))
        }
        _ = consume server
        _ = consume service
        _ = consume node
        bed.finish()
    }

    /// A server process answers with slices that grow its memory and exits before this client reads them.
    @Test func grownResponsesOutliveTheServerProcessThatSentThem() async throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName("test/service"))
            .requestResponse([UInt8].self, [UInt8].self).maxResponseBufferSize(4).openOrCreate()
        let client = try service.clientBuilder().create()
        async let server = runHelper("handover-server", bed, ["--count", "4"])
        for _ in 0..<120_000 where service.numberOfServers == 0 { try await Task.sleep(for: .milliseconds(1)) }
        let pending = try client.sendCopy([2])
        let sent = try await server
        #expect(sent.succeeded && sent.contains("SENT"), "\(sent)")
        for sequence in 0..<4 {
            guard let response = try pending.receive() else {
                Issue.record("response \(sequence) was lost")
                continue
            }
            #expect(response.copyPayload() == handoverBytes(sequence))
        }
        _ = consume pending
        _ = consume client
        _ = consume service
        _ = consume node
        bed.finish()
    }
}
