import IPCPlatform
import Testing
@testable import ZeroCopyIPC

/// The line where a payload ends is handed over separately only when it is not the header's line, and the hints
/// that hand it over leave the payload as written.
@Suite struct PayloadEndTests {
    @Test func theFarEndIsTheLastPayloadByteOnlyBeyondTheHeadersLine() {
        let words = MessageLayout(payload: [UInt64].descriptor, userHeader: nil)
        #expect(words.payloadOffset == ChunkHeader.size)
        #expect(words.farPayloadEnd(count: 0) == nil)
        #expect(words.farPayloadEnd(count: 2) == nil)  // bytes 48...63: the header's line
        #expect(words.farPayloadEnd(count: 3) == 71)
        #expect(words.farPayloadEnd(count: 1 << 17) == 48 + 8 << 17 - 1)
        let bytes = MessageLayout(payload: [UInt8].descriptor, userHeader: nil)
        #expect(bytes.farPayloadEnd(count: 16) == nil)
        #expect(bytes.farPayloadEnd(count: 17) == 64)
    }

    @Test func eitherTheSenderPushesTheFarEndOrTheReceiverFetchesIt() {
        let words = MessageLayout(payload: [UInt64].descriptor, userHeader: nil)
        #expect(words.pushesPayloadEnd == CacheLineHints.canDemote)
        #expect((words.payloadEndToPush(count: 3) == nil) != (words.payloadEndToFetch(count: 3) == nil))
        #expect((words.payloadEndToPush(count: 3) ?? words.payloadEndToFetch(count: 3)) == 71)
        #expect(words.payloadEndToPush(count: 2) == nil && words.payloadEndToFetch(count: 2) == nil)
    }

    @Test func aSliceWhoseEndIsPushedArrivesAsWritten() throws {
        let stem = "zctest_end_" + String(UInt64.random(in: 1...UInt64.max), radix: 16)
        let sender = try SenderSegments(
            stem: stem, origin: 1, message: MessageLayout(payload: [UInt64].descriptor, userHeader: nil),
            initialCapacity: 4096, chunkCount: 4, peers: 1, strategy: .static)
        let receiver = ReceiverSegments(stem: stem)
        for count in [1, 3, 9, 4096] {
            let loan = try sender.loan(count: count)
            let payload = loan.chunk + ChunkHeader.size
            payload.storeBytes(of: UInt64(count), as: UInt64.self)
            if count > 1 { payload.storeBytes(of: ~UInt64(count), toByteOffset: (count - 1) * 8, as: UInt64.self) }
            sender.pushPayloadEnd(of: loan.chunk)  // executes the hints on this CPU (a no-op where it has none)
            let resolved = try #require(receiver.resolve(loan.ref))
            #expect(resolved.count == count)
            let received = UnsafeRawPointer(resolved.chunk + ChunkHeader.size)
            #expect(received.load(as: UInt64.self) == UInt64(count))
            if count > 1 { #expect(received.load(fromByteOffset: (count - 1) * 8, as: UInt64.self) == ~UInt64(count)) }
            sender.releaseOwn(loan.ref)
        }
    }
}
