import Glibc
import IPCPlatform
import Testing
import ZeroCopyIPC

/// How nodes register in a service, what openers may require of its payload alignment, and what becomes of a
/// service segment that cannot be read (issue 16, defects 2, 3 and 4).
@Suite struct ServiceRegistrationTests {
    @Test func aNodeCountsOnceHoweverManyHandlesItOpens() throws {
        let bed = TestBed()
        do {
            let name = try ServiceName("registration/nodes")
            let first = try NodeBuilder().config(bed.config).create()
            let created = try first.serviceBuilder(name).requestResponse(UInt64.self, UInt64.self).maxNodes(2).create()
            var opened: RequestResponseService<UInt64, UInt64>? = try first.serviceBuilder(name)
                .requestResponse(UInt64.self, UInt64.self).open()
            let again = try first.serviceBuilder(name).requestResponse(UInt64.self, UInt64.self).openOrCreate()
            #expect(created.numberOfNodes == 1)
            #expect(created.isCreator && !opened!.isCreator && !again.isCreator)
            // The second node still finds room with maxNodes(2).
            let second = try NodeBuilder().config(bed.config).create()
            let other = try second.serviceBuilder(name).requestResponse(UInt64.self, UInt64.self).open()
            #expect(other.numberOfNodes == 2)
            #expect(throws: ServiceOpenError.exceedsMaxNumberOfNodes(service: "registration/nodes", limit: 2)) {
                _ = try NodeBuilder().config(bed.config).create().serviceBuilder(name)
                    .requestResponse(UInt64.self, UInt64.self).open()
            }
            // An open from the same node still checks the types.
            #expect(throws: ServiceOpenError.self) {
                _ = try first.serviceBuilder(name).requestResponse(UInt32.self, UInt64.self).open()
            }
            opened = nil
            #expect(created.numberOfNodes == 2)  // the first node still holds two handles
            _ = (created, again, other, opened)
        }
        bed.finish()
    }

    @Test func theNodeSlotGoesWithTheLastHandle() throws {
        let bed = TestBed()
        do {
            let name = try ServiceName("registration/last")
            let first = try NodeBuilder().config(bed.config).create()
            let second = try NodeBuilder().config(bed.config).create()
            let kept = try second.serviceBuilder(name).requestResponse(UInt64.self, UInt64.self).create()
            var a: RequestResponseService<UInt64, UInt64>? = try first.serviceBuilder(name)
                .requestResponse(UInt64.self, UInt64.self).open()
            var b: RequestResponseService<UInt64, UInt64>? = try first.serviceBuilder(name)
                .requestResponse(UInt64.self, UInt64.self).open()
            #expect(kept.numberOfNodes == 2)
            a = nil
            #expect(kept.numberOfNodes == 2)
            b = nil
            #expect(kept.numberOfNodes == 1)
            _ = (a, b)
        }
        bed.finish()
    }

    @Test func payloadAlignmentIsTheLargerOfTypeAndRequestAndOpenersMayRequireLess() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let name = try ServiceName("registration/alignment")
            let service = try node.serviceBuilder(name).requestResponse(UInt64.self, [UInt16].self)
                .requestPayloadAlignment(128).responsePayloadAlignment(64).create()
            #expect(service.staticConfig.request.alignment == 128)
            #expect(service.staticConfig.response.alignment == 64)
            let smaller = try node.serviceBuilder(name).requestResponse(UInt64.self, [UInt16].self)
                .requestPayloadAlignment(16).open()
            #expect(smaller.staticConfig.request.alignment == 128)
            #expect {
                _ = try node.serviceBuilder(name).requestResponse(UInt64.self, [UInt16].self)
                    .responsePayloadAlignment(256).open()
            } throws: { error in
                guard case .incompatibleTypes(_, let payload, let differences) = error as? ServiceOpenError else {
                    return false
                }
                return payload == "response" && differences == ["alignment 256 required, the service's is 64"]
            }
            // Loans honour the service's alignment, for a fixed payload and for every chunk of a slice.
            let client = try smaller.clientBuilder().create()
            let server = try service.serverBuilder().initialMaxSliceLen(3).create()
            for _ in 0..<3 {
                var loan = try client.loanUninit()
                #expect(loan.rawPayload.withUnsafeBytes { Int(bitPattern: $0.baseAddress) } % 128 == 0)
                let pending = try loan.write(7).send()
                guard let request = server.receive() else {
                    Issue.record("no request")
                    continue
                }
                var response = try request.loanSliceUninit(3)
                #expect(response.rawPayload.withUnsafeBytes { Int(bitPattern: $0.baseAddress) } % 64 == 0)
                let connected = pending.isConnected
                #expect(connected)
            }
        }
        bed.finish()
    }

    @Test(arguments: [3, 0, 8192])
    func anInvalidPayloadAlignmentIsRefused(alignment: Int) throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            #expect(throws: ServiceCreateError.self) {
                _ = try node.serviceBuilder(ServiceName("registration/bad-alignment"))
                    .requestResponse(UInt64.self, UInt64.self).requestPayloadAlignment(alignment).create()
            }
        }
        bed.finish()
    }

    /// A service segment whose magic was overwritten is refused with its own error, and goes with its creator:
    /// once the creating process is SIGKILLed, cleanup removes it and the name can be used again.
    @Test func aCorruptServiceGoesWhenItsCreatorDies() async throws {
        let bed = TestBed()
        let name = try ServiceName("test/service")
        let node = try NodeBuilder().config(bed.config).create()
        let (_, _) = try await withHelper("hold-service", bed, killAtEnd: true) { lines in
            guard try await lines.waitFor("READY") != nil else {
                Issue.record("the helper ended early: \(lines.seen)")
                return
            }
            let segment = SharedMemoryMapping.list(prefix: bed.prefix + "svc_").first { !$0.contains("_n") } ?? ""
            let mapping = try SharedMemoryMapping.open(name: segment)
            mapping.base.storeBytes(of: UInt64(0xDEAD), as: UInt64.self)
            #expect(throws: ServiceOpenError.serviceInCorruptedState(service: "test/service")) {
                _ = try node.serviceBuilder(name).requestResponse(Ping.self, Pong.self).open()
            }
        }
        // The helper is dead; the next look for dead nodes removes what it left, the corrupt segment too.
        #expect(node.tryCleanupDeadNodes() == 1)
        let fresh = try node.serviceBuilder(name).requestResponse(Ping.self, Pong.self).openOrCreate()
        #expect(fresh.isCreator)
        _ = consume fresh
        _ = consume node
        bed.finish()
    }
}
