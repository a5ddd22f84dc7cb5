import Testing
import ZeroCopyIPC

/// What happens to messages at the edges: a full request buffer, a server that leaves while its response is still
/// held, and ports whose objects are dropped while their messages live.
@Suite struct DeliveryAndLifetimeTests {
    /// Options shared by the delivery helpers: 2 active requests (the request buffer holds 2), no safe overflow.
    let fullBuffer = ["--active", "2", "--request-overflow", "0"]

    @Test func blockWaitsForRoomAndDeliversEveryRequestInOrder() async throws {
        let bed = TestBed()
        async let server = runHelper("late-drain-server", bed, fullBuffer + ["--count", "12", "--delay-ms", "300"])
        let client = try await runHelper(
            "delivery-client", bed, fullBuffer + ["--requests", "12", "--strategy-on-full", "block"])
        let served = try await server
        #expect(client.succeeded, "\(client)")
        #expect(client.value("SENT") == "12", "\(client)")
        #expect(client.value("REFUSED") == "0", "\(client)")
        #expect(served.value("RECEIVED") == "12", "\(served)")
        #expect(served.contains("ORDER ok"), "\(served)")
        bed.finish()
    }

    @Test func discardRefusesSendsWhileTheServerIsBehind() async throws {
        let bed = TestBed()
        async let server = runHelper("late-drain-server", bed, fullBuffer + ["--count", "12", "--delay-ms", "300"])
        let client = try await runHelper(
            "delivery-client", bed, fullBuffer + ["--requests", "12", "--strategy-on-full", "discard"])
        let served = try await server
        #expect(client.succeeded, "\(client)")
        let sent = Int(client.value("SENT") ?? "") ?? -1
        let refused = Int(client.value("REFUSED") ?? "") ?? -1
        #expect(sent == 2 && refused == 10, "the buffer holds 2: \(client)")
        #expect(served.value("RECEIVED") == "\(sent)", "\(served)")
        #expect(served.contains("ORDER ok"), "\(served)")
        bed.finish()
    }

    @Test func requestsSentBeforeTheirClientLeftAreStillReceived() async throws {
        let bed = TestBed()
        async let server = runHelper("late-drain-server", bed, ["--count", "3", "--delay-ms", "300"])
        let client = try await runHelper(
            "delivery-client", bed, ["--requests", "3", "--leave", "1", "--settle-ms", "200"])
        let served = try await server
        #expect(client.succeeded, "\(client)")
        #expect(client.value("SENT") == "3", "\(client)")
        #expect(served.value("RECEIVED") == "3", "the client had left before the server looked: \(served)")
        #expect(served.contains("ORDER ok"), "\(served)")
        bed.finish()
    }

    @Test func aResponseSentBeforeItsServerLeftIsStillReceived() async throws {
        let bed = TestBed()
        async let server = runHelper("answer-and-leave-server", bed)
        let client = try await runHelper("keep-response-client", bed)
        #expect(try await server.succeeded)
        #expect(client.succeeded, "\(client)")
        #expect(client.value("CONNECTED") == "false", "\(client)")
        #expect(client.value("AFTER-LEAVE") == "42", "\(client)")
        bed.finish()
    }

    /// Requests that clients left behind come before live clients' requests (iceoryx2's order), oldest first.
    @Test func requestsOfDepartedClientsAreReceivedFirst() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("local/departed-first"))
                .requestResponse(Sample.self, Sample.self).maxActiveRequestsPerClient(4).create()
            let server = try service.serverBuilder().create()
            let live = try service.clientBuilder().create()
            var leaving: Client<Sample, Sample>? = try service.clientBuilder().create()
            var other: Client<Sample, Sample>? = try service.clientBuilder().create()
            let nothingYet = server.receive() == nil  // connects to all three
            #expect(nothingYet)
            let first = try live.sendCopy(Sample(value: 1))
            let second = try live.sendCopy(Sample(value: 2))
            _ = try leaving!.sendCopy(Sample(value: 10))
            _ = try other!.sendCopy(Sample(value: 20))
            _ = try leaving!.sendCopy(Sample(value: 11))
            leaving = nil
            other = nil
            var order: [UInt64] = []
            while let request = server.receive() { order.append(request.payload.value) }
            #expect(order.count == 5)
            #expect(Set(order.prefix(3)) == [10, 11, 20], "\(order)")
            #expect(order.firstIndex(of: 10)! < order.firstIndex(of: 11)!, "\(order)")
            #expect(Array(order.suffix(2)) == [1, 2], "\(order)")
            let ids = (first.header.requestId, second.header.requestId)  // both still wait for an answer
            #expect(ids.0 != ids.1)
        }
        bed.finish()
    }

    @Test func portsStayRegisteredUntilTheirLastMessageIsGone() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("local/lifetime"))
                .requestResponse(Sample.self, Sample.self).create()
            var client: Client<Sample, Sample>? = try service.clientBuilder().create()
            var server: Server<Sample, Sample>? = try service.serverBuilder().create()
            let pending = try client!.sendCopy(Sample(value: 5))
            let unsent = try client!.loan()
            client = nil  // its messages keep the port alive
            guard let request = server!.receive() else {
                Issue.record("no request")
                return
            }
            let response = try request.loan()
            server = nil
            #expect(service.numberOfClients == 1)
            #expect(service.numberOfServers == 1)
            response.payload = Sample(value: request.payload.value * 3)
            try response.send()
            _ = consume request  // the server port's last message
            #expect(service.numberOfServers == 0)
            guard let answer = try pending.receive() else {
                Issue.record("no response")
                return
            }
            let value = answer.payload.value
            #expect(value == 15)
            _ = consume pending
            _ = consume unsent
            #expect(service.numberOfClients == 1)  // the response is still held
            _ = consume answer
            #expect(service.numberOfClients == 0)
        }
        bed.finish()
    }

    /// Every kind of message, dropped or sent, ends: a port whose messages are all gone leaves the service when it
    /// is dropped (a message that never ended would keep its port, and its shared memory, for the process's life).
    @Test func everyKindOfMessageEndsSoPortsLeaveWhenDropped() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("local/every-message-ends"))
                .requestResponse(Sample.self, [UInt8].self).create()
            var server: Server<Sample, [UInt8]>? = try service.serverBuilder().initialMaxSliceLen(3).create()
            do {
                let client = try service.clientBuilder().create()
                _ = try client.loan()  // dropped unsent
                _ = try client.sendCopy(Sample(value: 1))  // its pending response dropped at once
                let pending = try client.sendCopy(Sample(value: 2))
                while let request = server!.receive() {
                    _ = try request.loanSlice(3)  // dropped unsent
                    try request.sendCopy([1, 2, 3])
                }
                let response = try pending.receive(timeout: .seconds(10))
                #expect(response?.copyPayload() == [1, 2, 3])
            }
            #expect(service.numberOfClients == 0)
            server = nil
            #expect(service.numberOfServers == 0)

            let stream = try node.serviceBuilder(ServiceName("local/every-sample-ends"))
                .publishSubscribe(Sample.self).create()
            do {
                let publisher = try stream.publisherBuilder().create()
                let subscriber = try stream.subscriberBuilder().create()
                _ = try publisher.loan()  // dropped unsent
                try publisher.sendCopy(Sample(value: 3))
                let sample = try subscriber.receive()
                #expect(sample?.payload.value == 3)
            }
            #expect(stream.numberOfPublishers == 0)
            #expect(stream.numberOfSubscribers == 0)
        }
        bed.finish()
    }
}
