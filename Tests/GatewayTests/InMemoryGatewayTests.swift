import Testing
import ZeroCopyIPC
import ZeroCopyIPCGateway

/// Two gateways over the in-memory transport: every behaviour of the gateway without a network.
@Suite("Two gateways over the in-memory transport")
struct InMemoryGatewayTests {
    @Test("request-response: every response of a stream reaches the right pending response, then the stream ends")
    func requestResponseStream() throws {
        let hosts = try TwoHosts()
        do {
            let serverNode = try hosts.a.node("server")
            // A stream of three responses fits the response buffer of 4 on both hosts (the mirror has the origin's).
            let service = try serverNode.serviceBuilder(try ServiceName("gw/stream")).requestResponse(UInt64.self, UInt64.self)
                .maxResponseBufferSize(4).create()
            let server = try service.serverBuilder().create()
            #expect(hosts.run { hosts.sawEvent("B: mirrored server 'gw/stream' of host host-a") })
            #expect(hosts.sawEvent("A: announced server 'gw/stream'"))

            let clientNode = try hosts.b.node("client")
            let remote = try clientNode.serviceBuilder(try ServiceName("gw/stream")).requestResponse(UInt64.self, UInt64.self)
                .open()
            #expect(remote.staticConfig.limits.maxResponseBufferSize == 4)
            let client = try remote.clientBuilder().create()
            let first = try client.sendCopy(10)
            let second = try client.sendCopy(20)
            var answered = 0
            #expect(
                hosts.run {
                    while let request = server.receive() {
                        let value = request.payload
                        for n in 0..<3 { try? request.sendCopy(value + UInt64(n)) }
                        answered += 1
                    }
                    return answered == 2
                })
            var firstValues: [UInt64] = []
            var secondValues: [UInt64] = []
            #expect(
                hosts.run {
                    while let response = try? first.receive() { firstValues.append(response.payload) }
                    while let response = try? second.receive() { secondValues.append(response.payload) }
                    return firstValues.count == 3 && secondValues.count == 3 && !first.isConnected && !second.isConnected
                })
            #expect(firstValues == [10, 11, 12])
            #expect(secondValues == [20, 21, 22])
            _ = consume first
            _ = consume second
            _ = consume server
            // The real server went: A withdraws, B removes the mirror, and B's client sees no server any more.
            #expect(hosts.run { hosts.sawEvent("B: withdrawn mirror 'gw/stream' of host host-a: its origin withdrew it") })
            #expect(hosts.sawEvent("A: withdrawn server 'gw/stream'"))
            #expect(remote.numberOfServers == 0)
            withExtendedLifetime((service, client, remote)) {}
        }
        hosts.finish()
    }

    @Test("cancel: the client drops its pending response and the origin's request is dropped too")
    func cancel() throws {
        let hosts = try TwoHosts()
        do {
            let serverNode = try hosts.a.node("server")
            let service = try serverNode.serviceBuilder(try ServiceName("gw/cancel")).requestResponse(UInt64.self, UInt64.self)
                .create()
            let server = try service.serverBuilder().create()
            #expect(hosts.run { hosts.sawEvent("B: mirrored") })
            let clientNode = try hosts.b.node("client")
            let remote = try clientNode.serviceBuilder(try ServiceName("gw/cancel")).requestResponse(UInt64.self, UInt64.self)
                .open()
            let client = try remote.clientBuilder().create()
            var pending: PendingResponse<UInt64, UInt64>? = try client.sendCopy(1)
            var active: ActiveRequest<UInt64, UInt64>? = nil
            #expect(
                hosts.run {
                    if active == nil { active = server.receive() }
                    return active != nil
                })
            #expect(active?.isConnected == true)
            pending = nil
            #expect(hosts.run { active?.isConnected == false })
            _ = pending
            active = nil
            withExtendedLifetime((service, server, client, remote)) {}
        }
        hosts.finish()
    }

    @Test("slices: requests and responses of any length cross, the element count checked")
    func slices() throws {
        let hosts = try TwoHosts()
        do {
            let serverNode = try hosts.a.node("server")
            let service = try serverNode.serviceBuilder(try ServiceName("gw/slices")).requestResponse([UInt64].self, [Int32].self)
                .create()
            let server = try service.serverBuilder().allocationStrategy(.powerOfTwo).create()
            #expect(hosts.run { hosts.sawEvent("B: mirrored") })
            let clientNode = try hosts.b.node("client")
            let remote = try clientNode.serviceBuilder(try ServiceName("gw/slices")).requestResponse([UInt64].self, [Int32].self)
                .open()
            let client = try remote.clientBuilder().allocationStrategy(.powerOfTwo).create()
            let pending = try client.sendCopy(Array(1...100))
            var requested: [UInt64] = []
            #expect(
                hosts.run {
                    if let request = server.receive() {
                        requested = elements(request.payload)
                        try? request.sendCopy(requested.map { Int32($0) * -1 })
                    }
                    return !requested.isEmpty
                })
            #expect(requested == Array(1...100))
            var received: [Int32] = []
            #expect(
                hosts.run {
                    if let response = try? pending.receive() { received = elements(response.payload) }
                    return !received.isEmpty
                })
            #expect(received == (1...100).map { Int32($0) * -1 })
            _ = consume pending
            withExtendedLifetime((service, server, client, remote)) {}
        }
        hosts.finish()
    }

    @Test("publish-subscribe: samples reach remote subscribers, a late joiner gets the history, nothing echoes back")
    func publishSubscribe() throws {
        let hosts = try TwoHosts()
        do {
            let publisherNode = try hosts.a.node("publisher")
            let service = try publisherNode.serviceBuilder(try ServiceName("gw/samples")).publishSubscribe(UInt64.self)
                .historySize(2).subscriberMaxBufferSize(4).create()
            let publisher = try service.publisherBuilder().create()
            // A local subscriber on host A too, to see that B's proxy publisher is never echoed back to A.
            let localSubscriber = try service.subscriberBuilder().bufferSize(4).create()
            for value in [1, 2, 3] as [UInt64] { _ = try publisher.sendCopy(value) }
            #expect(hosts.run { hosts.sawEvent("B: mirrored publisher 'gw/samples' of host host-a") })
            hosts.settle()
            let subscriberNode = try hosts.b.node("subscriber")
            let remote = try subscriberNode.serviceBuilder(try ServiceName("gw/samples")).publishSubscribe(UInt64.self).open()
            let subscriber = try remote.subscriberBuilder().bufferSize(4).create()
            _ = try publisher.sendCopy(4)
            var values: [UInt64] = []
            #expect(
                hosts.run {
                    while let sample = try? subscriber.receive() { values.append(sample.payload) }
                    return values.last == 4
                })
            // The history of two (2, 3) that the origin gateway kept, then the new sample.
            #expect(values == [2, 3, 4])
            hosts.settle()
            var local: [UInt64] = []
            while let sample = try localSubscriber.receive() { local.append(sample.payload) }
            #expect(local == [1, 2, 3, 4])
            #expect(!hosts.sawEvent("A: mirrored"), "\(hosts.events)")
            withExtendedLifetime((service, publisher, localSubscriber, remote, subscriber)) {}
        }
        hosts.finish()
    }

    @Test("a service whose local twin differs is refused with the differing fields")
    func refusedTwin() throws {
        let hosts = try TwoHosts()
        do {
            let twin = try hosts.b.node("twin").serviceBuilder(try ServiceName("gw/twin")).requestResponse(Int32.self, UInt64.self)
                .create()
            let service = try hosts.a.node("server").serviceBuilder(try ServiceName("gw/twin"))
                .requestResponse(UInt64.self, UInt64.self).create()
            let server = try service.serverBuilder().create()
            #expect(hosts.run { hosts.sawEvent("B: refused 'gw/twin' of host host-a") })
            let line = try #require(hosts.events.first { $0.contains("refused") })
            #expect(line.contains("request.type: 'i32' here, 'u64' there"), "\(line)")
            #expect(!hosts.sawEvent("B: mirrored"))
            withExtendedLifetime((twin, service, server)) {}
        }
        hosts.finish()
    }

    @Test("a gateway whose lease is lost takes its mirrors along; deny globs keep services home")
    func livelinessLostAndDeny() throws {
        let hosts = try TwoHosts(deny: ["gw/private*"])
        do {
            let node = try hosts.a.node("server")
            let service = try node.serviceBuilder(try ServiceName("gw/lease")).requestResponse(UInt64.self, UInt64.self).create()
            let hidden = try node.serviceBuilder(try ServiceName("gw/private/x")).requestResponse(UInt64.self, UInt64.self)
                .create()
            let server = try service.serverBuilder().create()
            let hiddenServer = try hidden.serverBuilder().create()
            #expect(hosts.run { hosts.sawEvent("B: mirrored server 'gw/lease'") })
            #expect(!hosts.sawEvent("gw/private"))
            hosts.transportA.loseLiveliness()
            #expect(
                hosts.run {
                    hosts.sawEvent("B: withdrawn mirror 'gw/lease' of host host-a: its origin's liveliness lease was lost")
                })
            withExtendedLifetime((service, hidden, server, hiddenServer)) {}
        }
        hosts.finish()
    }
}

extension InMemoryGatewayTests {
    @Test("a frame whose element count does not match its bytes is refused, and its stream ended")
    func elementCountChecked() throws {
        let hosts = try TwoHosts()
        do {
            let service = try hosts.a.node("server").serviceBuilder(try ServiceName("gw/count"))
                .requestResponse([UInt64].self, UInt64.self).create()
            let server = try service.serverBuilder().create()
            #expect(hosts.run { hosts.sawEvent("B: mirrored") })
            // A third gateway's transport sends A a request of "3 elements" carrying 5 bytes.
            let intruder = hosts.bus.makeTransport()
            intruder.receive(channel: "gw/1")
            let bad = GatewayFrame(
                kind: .request, source: 1, service: "gw/count", correlation: 9, elementCount: 3, payload: [1, 2, 3, 4, 5])
            try intruder.publish(channel: "gw/\(String(hosts.gatewayA!.id, radix: 16))", bad.encoded)
            #expect(hosts.run { hosts.sawEvent("declares 3 elements of 8 bytes but carries 5 bytes; the request is refused") })
            var replies: [GatewayFrame] = []
            intruder.poll(timeout: .zero) { event in
                if case .frame(_, let bytes) = event, let frame = try? GatewayFrame(decoding: bytes) { replies.append(frame) }
            }
            #expect(replies.map(\.kind) == [.end])
            #expect(!server.hasRequests)
            withExtendedLifetime((service, server, intruder)) {}
        }
        hosts.finish()
    }
}

/// The elements of a slice payload's span.
func elements<T>(_ span: Span<T>) -> [T] { (0..<span.count).map { span[$0] } }
