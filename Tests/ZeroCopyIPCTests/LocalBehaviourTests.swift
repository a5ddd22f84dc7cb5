import Testing
import ZeroCopyIPC

/// Behaviours of one client and one server in this process.
@Suite struct LocalBehaviourTests {
    @Test func withoutFireAndForgetServersSkipRequestsWhosePendingResponseIsGone() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("local/fire-and-forget"))
                .requestResponse(Sample.self, Sample.self).enableFireAndForgetRequests(false).create()
            let client = try service.clientBuilder().create()
            let server = try service.serverBuilder().create()
            _ = try client.sendCopy(Sample(value: 1))  // the pending response is dropped at once
            let kept = try client.sendCopy(Sample(value: 2))
            guard let request = server.receive() else {
                Issue.record("no request")
                return
            }
            let value = request.payload.value
            #expect(value == 2)
            let nothingElse = server.receive() == nil
            #expect(nothingElse)
            _ = consume request
            _ = consume kept
        }
        bed.finish()
    }

    @Test func withoutSafeOverflowAFullRequestBufferRefusesTheSend() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("local/no-overflow"))
                .requestResponse(Sample.self, Sample.self).enableSafeOverflowForRequests(false)
                .maxActiveRequestsPerClient(1).create()
            let client = try service.clientBuilder().create()
            let server = try service.serverBuilder().create()
            _ = try client.sendCopy(Sample(value: 1))  // fire and forget: it stays in the server's buffer
            #expect(throws: SendError.receiverBufferFull) { _ = try client.sendCopy(Sample(value: 2)) }
            guard let first = server.receive() else {
                Issue.record("no request")
                return
            }
            let value = first.payload.value
            #expect(value == 1)
            _ = consume first
            _ = try client.sendCopy(Sample(value: 3))  // room again
            let names = Service.list(config: bed.config).map(\.name)
            #expect(names == ["local/no-overflow"])
        }
        bed.finish()
    }

    @Test func receivingBeyondMaxBorrowedResponsesFailsWithExceedsMaxBorrows() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("local/borrows"))
                .requestResponse(Sample.self, Sample.self).maxBorrowedResponsesPerPendingResponse(2)
                .maxResponseBufferSize(4).create()
            let client = try service.clientBuilder().create()
            let server = try service.serverBuilder().create()
            let pending = try client.sendCopy(Sample(value: 1))
            guard let request = server.receive() else {
                Issue.record("no request")
                return
            }
            for value in 0..<3 { try request.sendCopy(Sample(value: UInt64(value))) }
            let first = try pending.receive()
            let second = try pending.receive()
            #expect(throws: ReceiveError.exceedsMaxBorrows(limit: 2)) { _ = try pending.receive() }
            _ = consume first
            guard let third = try pending.receive() else {
                Issue.record("no third response")
                return
            }
            let value = third.payload.value
            #expect(value == 2)
            _ = consume second
            _ = consume third
        }
        bed.finish()
    }
}

/// A payload whose definition raises its alignment above Swift's (`@align(64)`).
struct Wide: ZeroCopySend {
    var first: UInt8 = 0
    var rest: InlineArray<63, UInt8> = InlineArray(repeating: 0)
    static var zeroCopyLayout: TypeLayout {
        TypeLayout(typeName: "test.Wide", size: 64, alignment: 64, fingerprint: 0x64, fields: [], measuring: Wide.self)
    }
}

@Suite struct AlignmentTests {
    @Test func payloadsArePlacedAtTheAlignmentTheirDefinitionAsksFor() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("local/aligned"))
                .requestResponse([Wide].self, Wide.self).requestUserHeader(Wide.self).create()
            let client = try service.clientBuilder().initialMaxSliceLen(4).create()
            for count in 1...4 {
                var request = try client.loanSlice(count)
                let address = request.payload.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
                #expect(address % 64 == 0)
                let header = request.withUserHeader(as: Wide.self) { withUnsafePointer(to: &$0) { Int(bitPattern: $0) } }
                #expect(header.map { $0 % 64 == 0 && $0 != 0 } == true)
            }
        }
        bed.finish()
    }
}
