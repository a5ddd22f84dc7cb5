import Testing
import ZeroCopyIPC

/// Publish-subscribe within one process (real shared memory, one private prefix per test).
@Suite struct PublishSubscribeLocalTests {
    @Test func everySubscriberReceivesEverySampleInOrder() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("pubsub/order")).publishSubscribe(Sample.self)
                .subscriberMaxBufferSize(8).create()
            let subscribers = try (0..<3).map { _ in try service.subscriberBuilder().create() }
            let publisher = try service.publisherBuilder().create()
            for value in 0..<20 {
                #expect(try publisher.sendCopy(Sample(value: UInt64(value))) == 3)
                if value % 4 == 3 {
                    for subscriber in subscribers {
                        var seen: [UInt64] = []
                        while let sample = try subscriber.receive() { seen.append(sample.payload.value) }
                        #expect(seen == (UInt64(value - 3)...UInt64(value)).map { $0 }, "\(seen)")
                    }
                }
            }
        }
        bed.finish()
    }

    @Test func historyReachesLateSubscribers() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("pubsub/history")).publishSubscribe(Sample.self)
                .historySize(3).subscriberMaxBufferSize(3).create()
            let publisher = try service.publisherBuilder().create()
            for value in 0..<5 { try publisher.sendCopy(Sample(value: UInt64(value))) }
            let late = try service.subscriberBuilder().create()
            publisher.updateConnections()
            var seen: [UInt64] = []
            while let sample = try late.receive() {
                seen.append(sample.payload.value)
                #expect(sample.header.sequenceNumber == sample.payload.value)
            }
            #expect(seen == [2, 3, 4])
        }
        bed.finish()
    }

    @Test func grownSlicesOutliveTheirPublisher() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("pubsub/slices")).publishSubscribe([UInt8].self)
                .subscriberMaxBufferSize(4).create()
            let subscriber = try service.subscriberBuilder().create()
            var publisher: Publisher<[UInt8]>? = try service.publisherBuilder().initialMaxSliceLen(4)
                .allocationStrategy(.powerOfTwo).create()
            _ = subscriber.hasSamples  // connects
            for length in [3, 100, 10_000] {
                #expect(try publisher!.sendCopy([UInt8](repeating: UInt8(length % 251), count: length)) == 1)
            }
            publisher = nil
            for length in [3, 100, 10_000] {
                guard let sample = try subscriber.receive() else {
                    Issue.record("sample of \(length) lost")
                    continue
                }
                #expect(sample.copyPayload() == [UInt8](repeating: UInt8(length % 251), count: length))
            }
        }
        bed.finish()
    }

    /// Safe overflow drops what exceeds the subscriber's buffer when the subscriber receives (see
    /// `SubscriberBlock.dropOverflow`): however many samples pass while the subscriber holds its most borrowed
    /// samples and does not look, the publisher never runs out of chunks, and the subscriber then gets the newest.
    @Test(arguments: [1, 2, 5])
    func safeOverflowKeepsThePublisherLoaningWhileTheSubscriberHoldsAndSleeps(buffer: Int) throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("pubsub/overflow-\(buffer)")).publishSubscribe(Sample.self)
                .enableSafeOverflow(true).subscriberMaxBufferSize(buffer).subscriberMaxBorrowedSamples(2).create()
            let publisher = try service.publisherBuilder().maxLoanedSamples(2).create()
            let subscriber = try service.subscriberBuilder().create()
            #expect(try publisher.sendCopy(Sample(value: 0)) == 1)
            let first = try subscriber.receive()
            #expect(try publisher.sendCopy(Sample(value: 1)) == 1)
            let second = try subscriber.receive()
            #expect(value(of: first) == 0)
            for value: UInt64 in 2..<1_000 { #expect(try publisher.sendCopy(Sample(value: value)) == 1) }
            #expect(throws: ReceiveError.exceedsMaxBorrowedSamples(limit: 2)) { _ = try subscriber.receive() }
            _ = consume first
            #expect(value(of: second) == 1)
            var seen: [UInt64] = []
            while let sample = try subscriber.receive() { seen.append(sample.payload.value) }
            #expect(seen == (1_000 - UInt64(buffer)..<1_000).map { $0 })
            // Interleaved: the subscriber looks every third sample and always sees the newest of its buffer.
            for value: UInt64 in 1_000..<1_300 {
                #expect(try publisher.sendCopy(Sample(value: value)) == 1)
                guard (value - 999) % 3 == 0 else { continue }
                var round: [UInt64] = []
                while let sample = try subscriber.receive() { round.append(sample.payload.value) }
                #expect(round.last == value)
                #expect(round.count == min(buffer, 3))
            }
        }
        bed.finish()
    }
}

