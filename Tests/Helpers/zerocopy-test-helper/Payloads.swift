import ZeroCopyIPC

/// A request of the fixed-size tests.
struct Ping: ZeroCopySend, Equatable {
    static var typeName: String { "test.Ping" }
    var value: UInt64
    var client: UInt32
    var padding: UInt32 = 0
}

/// A response of the fixed-size tests.
struct Pong: ZeroCopySend, Equatable {
    static var typeName: String { "test.Pong" }
    var value: UInt64
    var index: UInt64
}

/// Same name as ``Ping`` but another layout: opening with it must fail with `incompatibleTypes`.
struct PingV2: ZeroCopySend {
    static var typeName: String { "test.Ping" }
    var value: UInt64
    var client: UInt32
    var padding: UInt32 = 0
    var extra: UInt64 = 0
}

typealias PingService = RequestResponseService<Ping, Pong>
typealias BytesService = RequestResponseService<[UInt8], [UInt8]>

func openPingService(_ node: Node, _ options: Options) -> PingService {
    do {
        var builder = try node.serviceBuilder(ServiceName(options.service)).requestResponse(Ping.self, Pong.self)
            .maxClients(options.int("max-clients", 8)).maxServers(options.int("max-servers", 4))
        if options.values["buffer"] != nil { builder = builder.maxResponseBufferSize(options.int("buffer", 2)) }
        if options.values["active"] != nil { builder = builder.maxActiveRequestsPerClient(options.int("active", 4)) }
        if options.int("request-overflow", 1) == 0 { builder = builder.enableSafeOverflowForRequests(false) }
        if options.int("fire-and-forget", 1) == 0 { builder = builder.enableFireAndForgetRequests(false) }
        return try builder.openOrCreate()
    } catch {
        fail("open service: \(error)")
    }
}

/// The byte at `index` of message `sequence`, so every byte of every message is checkable.
func pattern(_ sequence: Int, _ index: Int) -> UInt8 { UInt8(truncatingIfNeeded: sequence &* 31 &+ index &* 7) }
