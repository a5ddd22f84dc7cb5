import IPCConcepts
import Testing
@testable import ZeroCopyIPC

/// A receiver that watches the chunk it expects takes a message from there only when the sender announced exactly
/// that queue entry in it; everything else goes through the queue, and nothing is taken twice.
@Suite struct ChunkPublicationTests {
    /// A sender's data segments (slices of `UInt64`), a receiver's view of them and a queue between the two.
    struct Bed {
        let sender: SenderSegments
        let receiver: ReceiverSegments
        let queue: IndexQueue

        var segments: Unmanaged<ReceiverSegments> { Unmanaged.passUnretained(receiver) }

        /// What the receiver expects after receiving the message in `ref`.
        func expectation(after ref: UInt64) throws -> ExpectedMessage {
            let resolved = try #require(receiver.resolve(ref))
            return ExpectedMessage(after: resolved, in: segments, payloadEnd: nil)
        }
    }

    func withBed(queueCapacity: Int = 4, _ body: (Bed) throws -> Void) throws {
        let stem = "zctest_pub_" + String(UInt64.random(in: 1...UInt64.max), radix: 16)
        let sender = try SenderSegments(
            stem: stem, origin: 1, message: MessageLayout(payload: [UInt64].descriptor, userHeader: nil),
            initialCapacity: 1, chunkCount: 8, peers: 1, strategy: .powerOfTwo)
        let size = IndexQueue.byteSize(capacity: queueCapacity)
        let memory = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        memory.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer { memory.deallocate() }
        let queue = IndexQueue(base: memory, capacity: queueCapacity)
        try body(Bed(sender: sender, receiver: ReceiverSegments(stem: stem), queue: queue))
    }

    @Test func anAnnouncedMessageIsTakenFromItsChunkOnceWithItsAcknowledgement() throws {
        try withBed { bed in
            let first = try bed.sender.loan(count: 1)
            #expect(bed.queue.push(first.ref))
            let received = try #require(bed.queue.popAcknowledged(expecting: ExpectedMessage(), tag: 3))
            #expect(received.value == first.ref)
            let expected = try bed.expectation(after: first.ref)

            let second = try bed.sender.loan(count: 1)
            #expect(expected.ref == second.ref)  // an idle pool hands out the chunk it announced
            let position = try #require(bed.queue.reserve())
            ChunkPublication.announce(second.chunk, tag: 3, position: position, acknowledgement: 42)
            // Announced in the chunk, not yet in the queue slot: the watcher already has it.
            let taken = try #require(bed.queue.popAcknowledged(expecting: expected, tag: 3))
            #expect(taken.value == second.ref && taken.acknowledgement == 42)
            bed.queue.publish(second.ref, at: position, acknowledgement: 42)
            #expect(bed.queue.isEmpty)
            #expect(bed.queue.popAcknowledged(expecting: expected, tag: 3) == nil)
        }
    }

    @Test func anotherQueueOrPositionOrALoanedChunkIsNotTakenFromTheChunk() throws {
        try withBed { bed in
            let first = try bed.sender.loan(count: 1)
            #expect(bed.queue.push(first.ref))
            _ = bed.queue.pop()
            let expected = try bed.expectation(after: first.ref)
            let second = try bed.sender.loan(count: 1)
            let position = try #require(bed.queue.reserve())

            ChunkPublication.announce(second.chunk, tag: 4, position: position, acknowledgement: 1)
            #expect(bed.queue.popAcknowledged(expecting: expected, tag: 3) == nil)  // another queue of the sender
            ChunkPublication.announce(second.chunk, tag: 3, position: position + 1, acknowledgement: 1)
            #expect(bed.queue.popAcknowledged(expecting: expected, tag: 3) == nil)  // a later entry
            ChunkPublication.retract(second.chunk)  // what giving the chunk back does
            #expect(bed.queue.popAcknowledged(expecting: expected, tag: 3) == nil)

            // The queue slot still delivers it, with the queue's acknowledgement.
            bed.queue.publish(second.ref, at: position, acknowledgement: 9)
            let taken = try #require(bed.queue.popAcknowledged(expecting: expected, tag: 3))
            #expect(taken.value == second.ref && taken.acknowledgement == 9)
        }
    }

    @Test func anEntryTheOverflowingProducerTookBackIsNotTakenFromItsChunk() throws {
        try withBed(queueCapacity: 1) { bed in
            let first = try bed.sender.loan(count: 1)
            #expect(bed.queue.push(first.ref))
            _ = bed.queue.pop()
            let expected = try bed.expectation(after: first.ref)
            let second = try bed.sender.loan(count: 1)
            let third = try bed.sender.loan(count: 1)

            let secondOutcome = bed.queue.publish(
                second.ref, chunk: second.chunk, acknowledgement: 1, tag: 3, overflowing: true)
            #expect(secondOutcome.published && secondOutcome.evicted == nil)
            let thirdOutcome = bed.queue.publish(
                third.ref, chunk: third.chunk, acknowledgement: 2, tag: 3, overflowing: true)
            #expect(thirdOutcome.published && thirdOutcome.evicted == second.ref)

            let taken = try #require(bed.queue.popAcknowledged(expecting: expected, tag: 3))
            #expect(taken.value == third.ref && taken.acknowledgement == 2)
            #expect(bed.queue.popAcknowledged(expecting: expected, tag: 3) == nil)
        }
    }

    @Test func anExpectationIntoAMappingTheReceiverReplacedIsVoid() throws {
        try withBed { bed in
            let small = try bed.sender.loan(count: 1)
            let expected = try bed.expectation(after: small.ref)
            #expect(expected.chunk != nil)
            bed.sender.releaseOwn(small.ref)
            let large = try bed.sender.loan(count: 4)  // grows into a new segment; the old one goes
            _ = try #require(bed.receiver.resolve(large.ref))
            #expect(expected.chunk == nil)
            #expect(try bed.expectation(after: large.ref).chunk != nil)
            bed.sender.releaseOwn(large.ref)
        }
    }
}

/// Ports that reuse a slot number see the same queue tags and start their queues at position 0 again: what the
/// server announced to the port before must not be taken by the one after.
@Suite struct AnnouncementAcrossConnectionsTests {
    @Test func aClientInTheSlotOfOneThatLeftIsNeverHandedAResponseBeforeItIsSent() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("local/slot-reuse"))
                .requestResponse(Sample.self, Sample.self).create()
            let server = try service.serverBuilder().create()
            for generation in 0..<3 {
                let client = try service.clientBuilder().create()
                for round in 0..<6 {
                    let value = UInt64(generation * 100 + round)
                    let pending = try client.sendCopy(Sample(value: value))
                    // Nothing was answered yet, so nothing may be received.
                    if let early = try pending.receive() {
                        Issue.record("generation \(generation) round \(round): got \(early.payload.value) early")
                        return
                    }
                    guard let request = server.receive() else {
                        Issue.record("generation \(generation) round \(round): request not received")
                        return
                    }
                    try request.sendCopy(Sample(value: request.payload.value))
                    _ = consume request
                    guard let response = try pending.receive() else {
                        Issue.record("generation \(generation) round \(round): response not received")
                        return
                    }
                    let answer = response.payload.value
                    #expect(answer == value)
                }
            }
        }
        bed.finish()
    }
}
