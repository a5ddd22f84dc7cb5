import Testing
@testable import ZeroCopyIPC

/// Chunks travel back to their sender through bounded return queues; nothing may be lost on the way.
@Suite struct ReturnFlowTests {
    /// A server's pool is shared by all its clients, so it is larger than one client's return queue: the server
    /// must take a client's returns back before that queue can fill up, or the client's return is dropped and the
    /// chunk stays lost to the server until the client leaves.
    @Test func aServerTakesResponseChunksBackBeforeAClientsReturnQueueFillsUp() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("local/return-flow"))
                .requestResponse(Sample.self, Sample.self).maxClients(8).create()
            let client = try service.clientBuilder().create()
            let server = try service.serverBuilder().create()
            let returnCapacity = PortCapacities(limits: service.handle.config.limits).responseChunksPerClient
            var mostHeld = 0
            for round in 0..<(returnCapacity * 20) {
                let pending = try client.sendCopy(Sample(value: UInt64(round)))
                guard let request = server.receive() else {
                    Issue.record("request \(round) not received")
                    return
                }
                try request.sendCopy(Sample(value: UInt64(round)))
                _ = consume request
                guard let response = try pending.receive() else {
                    Issue.record("response \(round) not received")
                    return
                }
                let value = response.payload.value
                #expect(value == UInt64(round))
                _ = consume response
                _ = consume pending
                mostHeld = max(mostHeld, server.core.memory.heldCount(peer: client.core.slotIndex))
            }
            // Everything the client got back is in its return queue or taken back: never more than the queue holds.
            #expect(mostHeld <= returnCapacity)
            #expect(mostHeld > 1)  // returns are taken back in batches, not one by one
        }
        bed.finish()
    }

    /// Responses a client never received are not read back when it drops the pending response (that would fetch
    /// lines the server just wrote, while the next request waits), but when the slot carries its next request: the
    /// server gets them back then, and the new request's responses are not touched.
    @Test func responsesLeftInAQueueComeBackWhenTheSlotSendsAgain() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("local/stale-responses"))
                .requestResponse(Sample.self, Sample.self).maxResponseBufferSize(4).create()
            let client = try service.clientBuilder().create()
            let server = try service.serverBuilder().create()
            let peer = client.core.slotIndex

            let first = try client.sendCopy(Sample(value: 1))
            guard let request = server.receive() else { return #expect(Bool(false), "request not received") }
            for value in 10..<13 { try request.sendCopy(Sample(value: UInt64(value))) }
            _ = consume request
            guard let response = try first.receive() else { return #expect(Bool(false), "response not received") }
            #expect(response.payload.value == 10)
            _ = consume response
            _ = consume first
            server.core.drainReturns()
            #expect(server.core.memory.heldCount(peer: peer) == 2)  // still queued at the client

            let second = try client.sendCopy(Sample(value: 2))
            server.core.drainReturns()
            #expect(server.core.memory.heldCount(peer: peer) == 0)
            guard let next = server.receive() else { return #expect(Bool(false), "second request not received") }
            #expect(next.payload.value == 2)
            try next.sendCopy(Sample(value: 20))
            _ = consume next
            guard let answer = try second.receive() else { return #expect(Bool(false), "answer not received") }
            #expect(answer.payload.value == 20)
        }
        bed.finish()
    }
}
