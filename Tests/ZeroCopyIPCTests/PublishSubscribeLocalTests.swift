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
}
