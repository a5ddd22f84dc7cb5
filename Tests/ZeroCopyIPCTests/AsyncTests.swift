import Testing
import ZeroCopyIPC

/// The same layouts and type names as the helper's payloads, so both sides agree on the service's types.
struct Ping: ZeroCopySend {
    static var typeName: String { "test.Ping" }
    var value: UInt64
    var client: UInt32
    var padding: UInt32 = 0
}

struct Pong: ZeroCopySend {
    static var typeName: String { "test.Pong" }
    var value: UInt64
    var index: UInt64
}

/// Waiting through Swift concurrency, with the peer in another process.
@Suite struct AsyncTests {
    func makeService(_ node: Node) throws -> RequestResponseService<Ping, Pong> {
        try node.serviceBuilder(ServiceName("test/service")).requestResponse(Ping.self, Pong.self)
            .maxClients(8).maxServers(4).maxResponseBufferSize(4).create()
    }

    @Test func aServerAwaitsRequestsFromAnotherProcess() async throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try makeService(node)
            let server = try service.serverBuilder().create()
            async let client = runHelper("client", bed, ["--requests", "3"])
            for _ in 0..<3 {
                guard let request = await server.nextRequest(timeout: .seconds(120)) else {
                    Issue.record("no request")
                    break
                }
                try request.sendCopy(Pong(value: request.payload.value * 2, index: 0))
            }
            let result = try await client
            #expect(result.succeeded, "\(result)")
        }
        bed.finish()
    }

    @Test func aPendingResponseAwaitsAStreamFromAnotherProcess() async throws {
        let bed = TestBed()
        async let server = runHelper("server", bed, ["--count", "2", "--responses", "3", "--buffer", "4"])
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try makeService(node)
            let client = try service.clientBuilder().create()
            while service.numberOfServers == 0 { try await Task.sleep(for: .milliseconds(1)) }
            for round in 0..<2 {
                let pending = try client.sendCopy(Ping(value: UInt64(round), client: 9))
                var indices: [UInt64] = []
                while let response = try await pending.nextResponse(timeout: .seconds(120)) {
                    #expect(response.payload.value == UInt64(round) * 2)
                    indices.append(response.payload.index)
                }
                #expect(indices == [0, 1, 2])
            }
        }
        #expect(try await server.succeeded)
        bed.finish()
    }

    @Test func aServerSeesAKilledClientDisconnectAndGetsItsMemoryBack() async throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try makeService(node)
            let server = try service.serverBuilder().create()
            async let killed = runHelperAndKill("hold-client", bed, after: "ANSWERED")
            guard let request = await server.nextRequest(timeout: .seconds(120)) else {
                Issue.record("no request")
                return
            }
            try request.sendCopy(Pong(value: 22, index: 0))
            #expect(try await killed)
            // Polling alone notices the dead client: every 1024th check looks for dead nodes.
            var polls = 0
            while request.isConnected && polls < 1_000_000 {  // a hang guard, not a timing check
                polls += 1
                if polls % 64 == 0 { try await Task.sleep(for: .milliseconds(1)) }
            }
            let connected = request.isConnected
            #expect(!connected)
            #expect(throws: SendError.connectionClosed) { try request.sendCopy(Pong(value: 0, index: 0)) }
            #expect(service.numberOfClients == 0)
        }
        bed.finish()
    }
}
