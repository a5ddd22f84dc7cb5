import Testing
import ZeroCopyIPC

/// iceoryx2's publish-subscribe conformance cases (`service_publish_subscribe`, `publisher`, `subscriber`, `sample`),
/// ported to one process: real shared memory, one private prefix per test.
@Suite struct PublishSubscribeConformanceTests {
    /// Every value waiting in `subscriber`, in the order received.
    private func values(_ subscriber: Subscriber<Sample>) throws -> [UInt64] {
        var seen: [UInt64] = []
        while let sample = try subscriber.receive() { seen.append(sample.payload.value) }
        return seen
    }

    // MARK: Delivery

    @Test(arguments: [true, false])
    func simpleCommunicationWorks(subscriberFirst: Bool) throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/simple")).publishSubscribe(Sample.self)
                .create()
            var subscriber: Subscriber<Sample>?
            if subscriberFirst { subscriber = try service.subscriberBuilder().create() }
            let publisher = try service.publisherBuilder().create()
            if subscriber == nil { subscriber = try service.subscriberBuilder().create() }
            let sample = try publisher.loan()
            sample.payload = Sample(value: 42)
            #expect(sample.send() == 1)
            #expect(try values(subscriber!) == [42])
        }
        bed.finish()
    }

    /// Each of three publishers reaches each of four subscribers, in its own order, with its id and sequence numbers.
    @Test func severalPublishersReachEverySubscriberInOrder() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/many")).publishSubscribe(Sample.self)
                .maxPublishers(3).maxSubscribers(4).subscriberMaxBufferSize(10).create()
            let publishers = try (0..<3).map { _ in try service.publisherBuilder().create() }
            let subscribers = try (0..<4).map { _ in try service.subscriberBuilder().create() }
            #expect(service.numberOfPublishers == 3)
            #expect(service.numberOfSubscribers == 4)
            for round in 0..<10 {
                for (index, publisher) in publishers.enumerated() {
                    #expect(try publisher.sendCopy(Sample(value: UInt64(index * 1000 + round))) == 4)
                }
            }
            for subscriber in subscribers {
                #expect(subscriber.numberOfPublishers == 3)
                var perPublisher: [UInt64: [UInt64]] = [:]
                var sequences: [UInt64: [UInt64]] = [:]
                while let sample = try subscriber.receive() {
                    #expect(sample.origin == sample.header.publisherId)
                    #expect(sample.header.numberOfElements == 1)
                    perPublisher[sample.origin, default: []].append(sample.payload.value)
                    sequences[sample.origin, default: []].append(sample.header.sequenceNumber)
                }
                for (index, publisher) in publishers.enumerated() {
                    #expect(perPublisher[publisher.id] == (0..<10).map { UInt64(index * 1000 + $0) })
                    #expect(sequences[publisher.id] == (0..<10).map { UInt64($0) })
                }
            }
        }
        bed.finish()
    }

    @Test(arguments: [0, 1, 3])
    func historyIsDeliveredOnSubscription(historySize: Int) throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/history")).publishSubscribe(Sample.self)
                .historySize(historySize).subscriberMaxBufferSize(2).create()
            let publisher = try service.publisherBuilder().create()
            for value: UInt64 in [29, 32, 35] { #expect(try publisher.sendCopy(Sample(value: value)) == 0) }
            let first = try service.subscriberBuilder().create()
            let second = try service.subscriberBuilder().create()
            publisher.updateConnections()
            // The last `historySize` samples, of which a buffer of 2 keeps the newest (safe overflow is on).
            let expected: [UInt64] = Array([29, 32, 35].suffix(min(historySize, 2)))
            #expect(try values(first) == expected)
            #expect(try values(second) == expected)
            #expect(try publisher.sendCopy(Sample(value: 38)) == 2)
            #expect(try values(first) == [38])
        }
        bed.finish()
    }

    @Test func safeOverflowReplacesTheOldestSample() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/overflow")).publishSubscribe(Sample.self)
                .enableSafeOverflow(true).subscriberMaxBufferSize(2).create()
            let publisher = try service.publisherBuilder().create()
            let subscriber = try service.subscriberBuilder().create()
            for value: UInt64 in [0, 1, 25, 27] { #expect(try publisher.sendCopy(Sample(value: value)) == 1) }
            #expect(try values(subscriber) == [25, 27])
        }
        bed.finish()
    }

    /// Without safe overflow, `.discardData` skips a full subscriber (it keeps the oldest) and still reaches the
    /// others.
    @Test func discardDataSkipsAFullSubscriber() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/discard")).publishSubscribe(Sample.self)
                .enableSafeOverflow(false).subscriberMaxBufferSize(5).create()
            let publisher = try service.publisherBuilder().unableToDeliverStrategy(.discardData).create()
            let idle = try service.subscriberBuilder().create()
            let reader = try service.subscriberBuilder().create()
            var readerSaw: [UInt64] = []
            for value in 0..<5 {
                #expect(try publisher.sendCopy(Sample(value: UInt64(value))) == 2)
                readerSaw += try values(reader)
            }
            for value in 0..<5 {
                #expect(try publisher.sendCopy(Sample(value: UInt64(2 * value + 25))) == 1, "the idle one is full")
                readerSaw += try values(reader)
            }
            #expect(try values(idle) == [0, 1, 2, 3, 4])
            #expect(readerSaw == [0, 1, 2, 3, 4, 25, 27, 29, 31, 33])
            #expect(try publisher.sendCopy(Sample(value: 99)) == 2, "the idle one has room again")
        }
        bed.finish()
    }

    @Test func aSubscriberCreatedFirstReceivesTheFirstSampleWithoutSafeOverflow() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let name = try ServiceName("conformance/first")
            let creator = try node.serviceBuilder(name).publishSubscribe(Sample.self).enableSafeOverflow(false).create()
            let opener = try node.serviceBuilder(name).publishSubscribe(Sample.self).enableSafeOverflow(false).open()
            let subscriber = try creator.subscriberBuilder().create()
            let publisher = try opener.publisherBuilder().unableToDeliverStrategy(.block).create()
            #expect(try publisher.sendCopy(Sample(value: 1234)) == 1)
            let first = try subscriber.receive()
            #expect(try publisher.sendCopy(Sample(value: 4567)) == 1)
            let second = try subscriber.receive()
            #expect(first?.payload.value == 1234)
            #expect(second?.payload.value == 4567)
        }
        bed.finish()
    }

    @Test func hasSamplesTracksReceivableSamples() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/has")).publishSubscribe(Sample.self)
                .create()
            let publisher = try service.publisherBuilder().create()
            let subscriber = try service.subscriberBuilder().create()
            #expect(!subscriber.hasSamples)
            try publisher.sendCopy(Sample(value: 1))
            try publisher.sendCopy(Sample(value: 2))
            #expect(subscriber.hasSamples)
            _ = try subscriber.receive()
            #expect(subscriber.hasSamples)
            _ = try subscriber.receive()
            #expect(!subscriber.hasSamples)
        }
        bed.finish()
    }

    @Test func userHeadersTravelWithEverySample() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/header")).publishSubscribe(Sample.self)
                .userHeader(Stamp.self).subscriberMaxBufferSize(3).create()
            let publisher = try service.publisherBuilder().create()
            let subscriber = try service.subscriberBuilder().create()
            for index: UInt32 in 0..<3 {
                let sample = try publisher.loanUninit()
                #expect(sample.userHeader(as: Stamp.self) == Stamp(sequence: 0, flags: 0), "zeroed at loan")
                sample.withUserHeader(as: Stamp.self) { $0 = Stamp(sequence: index, flags: 7) }
                let written = sample.write(Sample(value: UInt64(index)))
                #expect(written.userHeader(as: UInt64.self) == nil)
                written.send()
            }
            for index: UInt32 in 0..<3 {
                guard let sample = try subscriber.receive() else {
                    Issue.record("sample \(index) lost")
                    continue
                }
                #expect(sample.userHeader(as: Stamp.self) == Stamp(sequence: index, flags: 7))
                #expect(sample.userHeader(as: UInt64.self) == nil)
                #expect(sample.payload.value == UInt64(index))
            }
        }
        bed.finish()
    }

    // MARK: Limits

    @Test func loansBeyondMaxLoanedSamplesFailWithExceedsMaxLoans() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/loans")).publishSubscribe(Sample.self)
                .create()
            let publisher = try service.publisherBuilder().maxLoanedSamples(2).create()
            let first = try publisher.loan()
            let second = try publisher.loanUninit()
            #expect(throws: LoanError.exceedsMaxLoans(limit: 2)) { _ = try publisher.loan() }
            first.send()  // a sent loan counts no more
            let third = try publisher.loan()
            #expect(throws: LoanError.exceedsMaxLoans(limit: 2)) { _ = try publisher.loanUninit() }
            _ = consume second  // nor does a dropped one
            let fourth = try publisher.loan()
            _ = consume third
            _ = consume fourth
            let single = try service.publisherBuilder().maxLoanedSamples(0).create()  // raised to 1
            let only = try single.loan()
            #expect(throws: LoanError.exceedsMaxLoans(limit: 1)) { _ = try single.loan() }
            _ = consume only
        }
        bed.finish()
    }

    @Test func aSubscriberBufferLargerThanTheServiceIsRefusedAndASmallerOneWorks() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/buffer")).publishSubscribe(Sample.self)
                .subscriberMaxBufferSize(4).create()
            #expect(
                throws: PortCreateError.bufferSizeExceedsService(
                    service: "conformance/buffer", requested: 5, supported: 4)
            ) { _ = try service.subscriberBuilder().bufferSize(5).create() }
            let full = try service.subscriberBuilder().create()
            let small = try service.subscriberBuilder().bufferSize(1).create()
            let tiny = try service.subscriberBuilder().bufferSize(0).create()  // raised to 1
            #expect(full.bufferSize == 4)
            #expect(small.bufferSize == 1)
            #expect(tiny.bufferSize == 1)
            let publisher = try service.publisherBuilder().create()
            for value in 0..<6 { #expect(try publisher.sendCopy(Sample(value: UInt64(value))) == 3) }
            #expect(try values(full) == [2, 3, 4, 5])
            #expect(try values(small) == [5])
            #expect(try values(tiny) == [5])
        }
        bed.finish()
    }

    @Test func holdingMoreThanSubscriberMaxBorrowedSamplesFailsWithExceedsMaxBorrowedSamples() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/borrow")).publishSubscribe(Sample.self)
                .subscriberMaxBufferSize(4).subscriberMaxBorrowedSamples(2).create()
            let publisher = try service.publisherBuilder().create()
            let subscriber = try service.subscriberBuilder().create()
            let nothingYet = try subscriber.receive() == nil
            #expect(nothingYet)
            for value in 0..<2 { try publisher.sendCopy(Sample(value: UInt64(value))) }
            let held = try subscriber.receive()
            let alsoHeld = try subscriber.receive()
            let none = try subscriber.receive() == nil  // nothing waits: no error
            #expect(none)
            try publisher.sendCopy(Sample(value: 2))
            #expect(throws: ReceiveError.exceedsMaxBorrowedSamples(limit: 2)) { _ = try subscriber.receive() }
            #expect(value(of: held) == 0)
            _ = consume held
            let third = try subscriber.receive()
            #expect(third?.payload.value == 2)
            #expect(alsoHeld?.payload.value == 1)
        }
        bed.finish()
    }

    @Test func portsBeyondMaxPublishersAndMaxSubscribersAreRefused() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let name = "conformance/ports"
            let service = try node.serviceBuilder(ServiceName(name)).publishSubscribe(Sample.self)
                .maxPublishers(2).maxSubscribers(3).create()
            var publishers = try (0..<2).map { _ in try service.publisherBuilder().create() }
            #expect(throws: PortCreateError.exceedsMaxSupportedPublishers(service: name, limit: 2)) {
                _ = try service.publisherBuilder().create()
            }
            var subscribers = try (0..<3).map { _ in try service.subscriberBuilder().create() }
            #expect(throws: PortCreateError.exceedsMaxSupportedSubscribers(service: name, limit: 3)) {
                _ = try service.subscriberBuilder().create()
            }
            #expect(publishers[0].numberOfSubscribers == 3)
            publishers.removeLast()
            subscribers.removeLast()
            #expect(service.numberOfPublishers == 1)
            #expect(service.numberOfSubscribers == 2)
            publishers.append(try service.publisherBuilder().create())
            subscribers.append(try service.subscriberBuilder().create())
            #expect(try publishers[1].sendCopy(Sample(value: 7)) == 3)
            for subscriber in subscribers { #expect(try values(subscriber) == [7]) }
        }
        bed.finish()
    }

    @Test func zeroLimitsAreRaisedToOne() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/zero")).publishSubscribe(Sample.self)
                .maxPublishers(0).maxSubscribers(0).maxNodes(0).subscriberMaxBufferSize(0)
                .subscriberMaxBorrowedSamples(0).create()
            let limits = service.staticConfig.limits
            #expect(limits.maxPublishers == 1)
            #expect(limits.maxSubscribers == 1)
            #expect(limits.maxNodes == 1)
            #expect(limits.subscriberMaxBufferSize == 1)
            #expect(limits.subscriberMaxBorrowedSamples == 1)
            #expect(limits.historySize == 0)
            #expect(limits.enableSafeOverflow)
        }
        bed.finish()
    }

    /// Subscribers that never read cannot exhaust a publisher's memory (iceoryx2's huge-overflow case).
    @Test func aPublisherNeverRunsOutOfMemoryWhileSubscribersDoNotRead() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/huge")).publishSubscribe(Sample.self)
                .maxPublishers(1).maxSubscribers(2).subscriberMaxBufferSize(5).subscriberMaxBorrowedSamples(1)
                .create()
            let publisher = try service.publisherBuilder().maxLoanedSamples(1).create()
            let idle = try service.subscriberBuilder().create()
            let holder = try service.subscriberBuilder().create()
            try publisher.sendCopy(Sample(value: 0))
            let held = try holder.receive()
            for value in 1..<500 { #expect(try publisher.sendCopy(Sample(value: UInt64(value))) == 2) }
            #expect(try values(idle) == [495, 496, 497, 498, 499])
            #expect(held?.payload.value == 0)
        }
        bed.finish()
    }

    /// Subscribers come and go; what they held comes back to the publisher (its pool has no chunk to spare).
    @Test func aPublisherReclaimsEverySampleOfDisconnectedSubscribers() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/reclaim")).publishSubscribe(Sample.self)
                .maxPublishers(1).maxSubscribers(4).historySize(0).subscriberMaxBorrowedSamples(1)
                .subscriberMaxBufferSize(3).create()
            let publisher = try service.publisherBuilder().create()
            for count in 0...4 {
                for _ in 0..<5 {
                    var subscribers = try (0..<count).map { _ in try service.subscriberBuilder().create() }
                    #expect(try publisher.sendCopy(Sample(value: 1234)) == count)
                    #expect(try publisher.sendCopy(Sample(value: 4567)) == count)
                    for subscriber in subscribers { _ = try subscriber.receive() }
                    #expect(try publisher.sendCopy(Sample(value: 789)) == count)
                    subscribers.removeAll()
                    #expect(try publisher.sendCopy(Sample(value: 789)) == 0)
                    #expect(try publisher.sendCopy(Sample(value: 789)) == 0)
                }
            }
        }
        bed.finish()
    }

    // MARK: Opening

    @Test func openingAServiceThatDoesNotExistFails() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            #expect(throws: ServiceOpenError.doesNotExist(service: "conformance/none")) {
                _ = try node.serviceBuilder(ServiceName("conformance/none")).publishSubscribe(Sample.self).open()
            }
            let created = try node.serviceBuilder(ServiceName("conformance/none")).publishSubscribe(Sample.self)
                .openOrCreate()
            #expect(created.isCreator)
            let opened = try node.serviceBuilder(ServiceName("conformance/none")).publishSubscribe(Sample.self)
                .openOrCreate()
            #expect(!opened.isCreator)
            #expect(throws: ServiceCreateError.alreadyExists(service: "conformance/none")) {
                _ = try node.serviceBuilder(ServiceName("conformance/none")).publishSubscribe(Sample.self).create()
            }
        }
        bed.finish()
    }

    /// The payload and user header are part of the service's type: another one is refused with `incompatibleTypes`
    /// naming which of the two differs.
    @Test func otherPayloadTypesOrUserHeadersAreRefusedWithIncompatibleTypes() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let typed = try ServiceName("conformance/typed")
            let sliced = try ServiceName("conformance/sliced")
            let headed = try ServiceName("conformance/headed")
            let service = try node.serviceBuilder(typed).publishSubscribe(Sample.self).create()
            let slices = try node.serviceBuilder(sliced).publishSubscribe([UInt64].self).create()
            let withHeader = try node.serviceBuilder(headed).publishSubscribe(Sample.self).userHeader(Stamp.self)
                .create()
            func refusal(_ open: () throws -> Void) -> String? {
                do {
                    try open()
                    return nil
                } catch let error as ServiceOpenError {
                    guard case .incompatibleTypes(_, let payload, let differences) = error else { return "\(error)" }
                    #expect(!differences.isEmpty)
                    return payload
                } catch {
                    return "\(error)"
                }
            }
            let builder = node.serviceBuilder
            // The same size under another name, a slice for a type and a type for a slice, another element.
            #expect(refusal { _ = try builder(typed).publishSubscribe(UInt64.self).open() } == "sample")
            #expect(refusal { _ = try builder(typed).publishSubscribe([Sample].self).open() } == "sample")
            #expect(refusal { _ = try builder(sliced).publishSubscribe(UInt64.self).open() } == "sample")
            #expect(refusal { _ = try builder(sliced).publishSubscribe([UInt8].self).open() } == "sample")
            // A header where there is none, none where there is one, another one.
            #expect(
                refusal { _ = try builder(typed).publishSubscribe(Sample.self).userHeader(Stamp.self).open() }
                    == "user header")
            #expect(refusal { _ = try builder(headed).publishSubscribe(Sample.self).open() } == "user header")
            #expect(
                refusal { _ = try builder(headed).publishSubscribe(Sample.self).userHeader(UInt64.self).open() }
                    == "user header")
            // More alignment than the service has.
            #expect(refusal { _ = try builder(typed).publishSubscribe(Sample.self).payloadAlignment(64).open() } != nil)
            #expect(throws: ServiceOpenOrCreateError.self) {
                _ = try builder(typed).publishSubscribe(UInt64.self).openOrCreate()
            }
            // The matching types open.
            _ = try builder(typed).publishSubscribe(Sample.self).open()
            _ = try builder(typed).publishSubscribe(Sample.self).payloadAlignment(8).open()
            _ = try builder(sliced).publishSubscribe([UInt64].self).open()
            _ = try builder(headed).publishSubscribe(Sample.self).userHeader(Stamp.self).open()
            _ = (service, slices, withHeader)
        }
        bed.finish()
    }

    @Test func attributesTheCreatorDidNotDefineAreRefused() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let name = try ServiceName("conformance/attributes")
            let service = try node.serviceBuilder(name).publishSubscribe(Sample.self)
                .createWithAttributes(AttributeSpecifier().define(key: "camera", value: "front"))
            #expect(service.attributes.count == 1)
            let builder = node.serviceBuilder(name).publishSubscribe(Sample.self)
            #expect(throws: ServiceOpenError.self) {
                _ = try builder.openWithAttributes(AttributeVerifier().require(key: "camera", value: "rear"))
            }
            #expect(throws: ServiceOpenError.self) {
                _ = try builder.openWithAttributes(AttributeVerifier().requireKey("lens"))
            }
            do {
                _ = try builder.openWithAttributes(AttributeVerifier().require(key: "camera", value: "rear"))
            } catch {
                guard case .incompatibleAttributes(let service, _) = error else {
                    Issue.record("\(error)")
                    return
                }
                #expect(service == "conformance/attributes")
            }
            _ = try builder.openWithAttributes(AttributeVerifier().require(key: "camera", value: "front"))
            _ = try builder.openWithAttributes(AttributeVerifier().requireKey("camera"))
            _ = try builder.open()
        }
        bed.finish()
    }

    /// An opener may ask for less than the service has, not more (each limit of the static config).
    @Test(arguments: [
        "publishers", "subscribers", "nodes", "history size", "subscriber buffer size",
        "borrowed samples per subscriber",
    ])
    func anOpenerAskingForMoreThanTheServiceHasIsRefused(limit: String) throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let name = try ServiceName("conformance/amounts")
            func setting(_ value: Int) -> PublishSubscribeBuilder<Sample> {
                let builder = node.serviceBuilder(name).publishSubscribe(Sample.self)
                switch limit {
                case "publishers": return builder.maxPublishers(value)
                case "subscribers": return builder.maxSubscribers(value)
                case "nodes": return builder.maxNodes(value)
                case "history size": return builder.historySize(value)
                case "subscriber buffer size": return builder.subscriberMaxBufferSize(value)
                default: return builder.subscriberMaxBorrowedSamples(value)
                }
            }
            let service = try setting(4).create()
            #expect(
                throws: ServiceOpenError.doesNotSupportRequestedAmount(
                    service: "conformance/amounts", of: limit, requested: 5, supported: 4)
            ) { _ = try setting(5).open() }
            _ = try setting(4).open()
            _ = try setting(3).open()
            _ = service
        }
        bed.finish()
    }

    @Test(arguments: [true, false])
    func anOpenerAskingForAnotherSafeOverflowIsRefused(created: Bool) throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let name = try ServiceName("conformance/behaviour")
            let service = try node.serviceBuilder(name).publishSubscribe(Sample.self).enableSafeOverflow(created)
                .create()
            #expect(
                throws: ServiceOpenError.incompatibleBehavior(
                    service: "conformance/behaviour", setting: "safe overflow", requested: !created, actual: created)
            ) { _ = try node.serviceBuilder(name).publishSubscribe(Sample.self).enableSafeOverflow(!created).open() }
            _ = try node.serviceBuilder(name).publishSubscribe(Sample.self).enableSafeOverflow(created).open()
            _ = try node.serviceBuilder(name).publishSubscribe(Sample.self).open()
            _ = service
        }
        bed.finish()
    }

    /// A publish-subscribe service and a request-response service of the same name are two services.
    @Test func theSameNameUnderAnotherPatternIsAnotherService() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let name = try ServiceName("conformance/both")
            let requestResponse = try node.serviceBuilder(name).requestResponse(Sample.self, Sample.self).create()
            #expect(throws: ServiceOpenError.doesNotExist(service: "conformance/both")) {
                _ = try node.serviceBuilder(name).publishSubscribe(Sample.self).open()
            }
            let publishSubscribe = try node.serviceBuilder(name).publishSubscribe(Sample.self).openOrCreate()
            #expect(publishSubscribe.isCreator)
            let publisher = try publishSubscribe.publisherBuilder().create()
            let subscriber = try publishSubscribe.subscriberBuilder().create()
            let client = try requestResponse.clientBuilder().create()
            let server = try requestResponse.serverBuilder().create()
            #expect(try publisher.sendCopy(Sample(value: 1)) == 1)
            let pending = try client.sendCopy(Sample(value: 2))
            #expect(try values(subscriber) == [1])
            let request = server.receive()
            guard let request else {
                Issue.record("no request")
                return
            }
            let requested = request.payload.value
            #expect(requested == 2)
            _ = consume request
            _ = consume pending
        }
        bed.finish()
    }

    // MARK: Lifetime

    /// iceoryx2's `subscriber_can_still_receive_sample_when_publisher_was_disconnected`: the subscriber never
    /// looked before its publisher left.
    /// Ports connect to the ports already there when they are created, as iceoryx2's do.
    @Test func samplesOutliveTheirPublisherEvenIfTheSubscriberNeverLookedBefore() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/outlive")).publishSubscribe(Sample.self)
                .subscriberMaxBufferSize(4).maxPublishers(1).create()
            var publisher: Publisher<Sample>? = try service.publisherBuilder().create()
            let subscriber = try service.subscriberBuilder().create()
            for value in 0..<4 { #expect(try publisher!.sendCopy(Sample(value: UInt64(value))) == 1) }
            publisher = nil
            let received = try values(subscriber)
            #expect(received == [0, 1, 2, 3])
            #expect(subscriber.numberOfPublishers == 0)
        }
        bed.finish()
    }

    /// The subscriber was there first and never looked while a publisher came, sent and left: the publisher's
    /// queues (which the subscriber never mapped) are handed over to it, and nothing is left once it drained them.
    @Test func samplesOutliveAPublisherTheSubscriberNeverSaw() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/unseen")).publishSubscribe(Sample.self)
                .subscriberMaxBufferSize(4).maxPublishers(1).create()
            let subscriber = try service.subscriberBuilder().create()
            var publisher: Publisher<Sample>? = try service.publisherBuilder().create()
            for value in 0..<4 { #expect(try publisher!.sendCopy(Sample(value: UInt64(value))) == 1) }
            publisher = nil
            // A second publisher takes the only publisher slot: what the first one sent still comes first.
            let successor = try service.publisherBuilder().create()
            try successor.sendCopy(Sample(value: 9))
            #expect(try values(subscriber) == [0, 1, 2, 3, 9])
            #expect(subscriber.numberOfPublishers == 1)
        }
        bed.finish()
    }

    /// The queues a departed publisher handed over to a subscriber that had never looked go with that subscriber,
    /// whether it then noticed them (and left them unread) or never looked at all (`bed.finish()` checks).
    @Test(arguments: [false, true])
    func handedOverQueuesGoWithTheSubscriberThatNeverReadThem(subscriberLooks: Bool) throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/unread")).publishSubscribe(Sample.self)
                .subscriberMaxBufferSize(4).create()
            var subscriber: Subscriber<Sample>? = try service.subscriberBuilder().create()
            var publisher: Publisher<Sample>? = try service.publisherBuilder().create()
            try publisher!.sendCopy(Sample(value: 1))
            publisher = nil
            if subscriberLooks { #expect(subscriber!.hasSamples) }
            subscriber = nil
        }
        bed.finish()
    }

    @Test func heldSamplesStayReadableAfterTheirPublisherAndServiceAreGone() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            var service: PublishSubscribeService<Sample>? = try node.serviceBuilder(ServiceName("conformance/held"))
                .publishSubscribe(Sample.self).subscriberMaxBufferSize(2).subscriberMaxBorrowedSamples(2).create()
            var publisher: Publisher<Sample>? = try service!.publisherBuilder().create()
            let subscriber = try service!.subscriberBuilder().create()
            _ = subscriber.hasSamples
            try publisher!.sendCopy(Sample(value: 10))
            try publisher!.sendCopy(Sample(value: 11))
            let first = try subscriber.receive()
            let second = try subscriber.receive()
            publisher = nil
            service = nil
            let nothingMore = try subscriber.receive() == nil  // notices the departure
            #expect(nothingMore)
            #expect(first?.payload.value == 10)
            #expect(second?.payload.value == 11)
        }
        bed.finish()
    }

    /// A publisher that left is drained before its successor (iceoryx2's
    /// `subscriber_acquires_samples_of_disconnected_publisher_first`), and its slot is free for the successor.
    @Test func samplesOfADepartedPublisherComeFirst() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/departed")).publishSubscribe(Sample.self)
                .subscriberMaxBufferSize(2).maxPublishers(1).create()
            var publisher: Publisher<Sample>? = try service.publisherBuilder().create()
            let subscriber = try service.subscriberBuilder().create()
            _ = subscriber.hasSamples
            try publisher!.sendCopy(Sample(value: 123))
            publisher = nil
            publisher = try service.publisherBuilder().create()
            try publisher!.sendCopy(Sample(value: 456))
            let received = try values(subscriber)
            #expect(received == [123, 456])
        }
        bed.finish()
    }

    /// Slices that grow with `.powerOfTwo`, delivered with safe overflow, to a late subscriber through the history,
    /// and the `.static` limit.
    @Test func growingSlicesAreDeliveredLiveAndThroughTheHistory() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("conformance/grow")).publishSubscribe([UInt8].self)
                .subscriberMaxBufferSize(2).historySize(2).create()
            let publisher = try service.publisherBuilder().initialMaxSliceLen(1).allocationStrategy(.powerOfTwo)
                .create()
            let early = try service.subscriberBuilder().create()
            _ = early.hasSamples
            let lengths = [1, 2, 7, 100, 4000, 65_000]
            for length in lengths {
                let sample = try publisher.loanSliceUninit(length).initialize { UInt8(truncatingIfNeeded: $0 &+ length) }
                #expect(sample.header.numberOfElements == length)
                #expect(sample.send() == 1)
            }
            #expect(publisher.currentMaxSliceLen >= 65_000)
            let late = try service.subscriberBuilder().create()
            publisher.updateConnections()
            for subscriber in [early, late] {
                for length in lengths.suffix(2) {
                    guard let sample = try subscriber.receive() else {
                        Issue.record("slice of \(length) lost")
                        continue
                    }
                    #expect(sample.header.numberOfElements == length)
                    #expect(sample.copyPayload() == (0..<length).map { UInt8(truncatingIfNeeded: $0 &+ length) })
                }
                let nothingMore = try subscriber.receive() == nil
                #expect(nothingMore)
            }
            let fixed = try service.publisherBuilder().initialMaxSliceLen(8).create()
            #expect(throws: LoanError.exceedsMaxLoanSize(requested: 9, maximum: 8)) { _ = try fixed.loanSlice(9) }
            _ = try fixed.loanSlice(8)
        }
        bed.finish()
    }
}

/// The value of a received sample, read without consuming it.
func value(of sample: borrowing ZeroCopyIPC.Sample<Sample>?) -> UInt64? {
    switch sample {
    case .some(let sample): sample.payload.value
    case .none: nil
    }
}
