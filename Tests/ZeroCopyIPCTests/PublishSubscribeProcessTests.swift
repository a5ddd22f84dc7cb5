import Glibc
import Testing
import ZeroCopyIPC

/// Publish-subscribe between real processes (the helper executable), one private prefix per test. The test creates
/// the service with the settings under test and keeps it open; the helpers open it as it is.
@Suite struct PublishSubscribeProcessTests {
    private let name = "test/service"

    /// Waits, without blocking a thread, until `condition` holds (a hang guard, not a timing check).
    private func until(_ what: String, _ condition: () -> Bool) async throws {
        for _ in 0..<120_000 where !condition() { try await Task.sleep(for: .milliseconds(1)) }
        #expect(condition(), "timed out waiting for \(what)")
    }

    /// Without safe overflow, `.block` waits for the subscriber instead of losing a sample, however far behind
    /// it is (its buffer holds 2).
    @Test func blockNeverLosesASampleToASlowSubscriber() async throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName(name)).publishSubscribe(Sample.self)
            .enableSafeOverflow(false).subscriberMaxBufferSize(2).create()
        let subscriber = try service.subscriberBuilder().create()
        async let publisher = runHelper("ps-stream-publisher", bed, ["--count", "300", "--strategy-on-full", "block"])
        var received: [UInt64] = []
        while received.count < 300, let sample = try await subscriber.nextSample(timeout: .seconds(120)) {
            received.append(sample.payload.value)
            if received.count % 50 == 0 { try await Task.sleep(for: .milliseconds(5)) }  // falls behind now and then
        }
        let sent = try await publisher
        #expect(sent.succeeded && sent.value("SENT") == "300", "\(sent)")
        #expect(received == (0..<300).map { UInt64($0) })
        _ = consume subscriber
        _ = consume service
        _ = consume node
        bed.finish()
    }

    /// Slices that grew the publisher's memory stay receivable after the publisher process left: gracefully, or
    /// by exiting without dropping anything (its node is then cleaned up as a dead one); whether the subscriber
    /// had looked at the publisher before it sent, or exists from before the publisher started and first looks
    /// once the publisher is gone (it never mapped the publisher's queues, which are handed over to it).
    @Test(arguments: [false, true], [true, false])
    func grownSlicesOutliveThePublisherProcessThatSentThem(exitAtOnce: Bool, subscriberLooked: Bool) async throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName(name)).publishSubscribe([UInt8].self)
            .subscriberMaxBufferSize(4).create()
        let subscriber = try service.subscriberBuilder().create()
        let arguments = ["--count", "4", "--exit-at-once", exitAtOnce ? "1" : "0"]
        if subscriberLooked {
            let (sent, status) = try await withHelper("ps-slice-publisher", bed, arguments + ["--go", "test/go"]) {
                lines in
                guard try await lines.waitFor("PUBLISHER") != nil else { return false }
                try await until("the publisher") { subscriber.numberOfPublishers == 1 }  // the subscriber looks
                // Then lets the publisher start by creating the service it waits for.
                let go = try node.serviceBuilder(ServiceName("test/go")).publishSubscribe(UInt8.self).create()
                defer { _ = go }
                return try await lines.waitFor("SENT") != nil
            }
            #expect(sent && status.isSuccess, "\(status)")
        } else {
            let sent = try await runHelper("ps-slice-publisher", bed, arguments)
            #expect(sent.succeeded && sent.lines.contains("SENT"), "\(sent)")
        }
        #expect(node.tryCleanupDeadNodes() == (exitAtOnce ? 1 : 0))
        for sequence in 0..<4 {
            guard let sample = try subscriber.receive() else {
                Issue.record("slice \(sequence) was lost")
                continue
            }
            #expect(sample.copyPayload() == handoverBytes(sequence))
        }
        #expect(try subscriber.receive() == nil)
        #expect(subscriber.numberOfPublishers == 0)
        _ = consume subscriber
        _ = consume service
        _ = consume node
        bed.finish()
    }

    /// A publisher process is SIGKILLed after sending: cleanup reclaims its node, the samples it sent are still
    /// received, and its slot (the service allows one publisher) takes a new publisher.
    @Test func aKilledPublisherProcessIsCleanedUpAndReplaced() async throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName(name)).publishSubscribe(Sample.self)
            .maxPublishers(1).subscriberMaxBufferSize(4).create()
        let subscriber = try service.subscriberBuilder().create()
        let (first, _) = try await withHelper("ps-hold-publisher", bed, ["--count", "3"], killAtEnd: true) { lines in
            guard try await lines.waitFor("SENT") != nil else {
                Issue.record("the helper ended early: \(lines.seen)")
                return UInt64.max
            }
            return try await subscriber.nextSample(timeout: .seconds(120))?.payload.value ?? .max
        }
        #expect(first == 0)
        #expect(node.tryCleanupDeadNodes() == 1)
        var rest: [UInt64] = []
        while let sample = try subscriber.receive() { rest.append(sample.payload.value) }
        #expect(rest == [1, 2])
        #expect(service.numberOfPublishers == 0)
        let publisher = try service.publisherBuilder().create()
        #expect(try publisher.sendCopy(Sample(value: 99)) == 1)
        let next = try await subscriber.nextSample(timeout: .seconds(120))
        #expect(value(of: next) == 99)
        #expect(subscriber.numberOfPublishers == 1)
        _ = consume next
        _ = consume publisher
        _ = consume subscriber
        _ = consume service
        _ = consume node
        bed.finish()
    }

    /// A subscriber process is SIGKILLed while it holds two samples and its buffer is full: a `.block` publisher
    /// stops waiting for it once its node is found dead, gets every chunk back (the pool has none to spare), and
    /// its slot (the service allows one subscriber) takes a new subscriber.
    @Test func aKilledSubscriberProcessIsCleanedUpAndReplaced() async throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName(name)).publishSubscribe(Sample.self)
            .enableSafeOverflow(false).maxSubscribers(1).subscriberMaxBufferSize(2).subscriberMaxBorrowedSamples(2)
            .create()
        let publisher = try service.publisherBuilder().unableToDeliverStrategy(.block).create()
        let (holding, _) = try await withHelper("ps-hold-subscriber", bed, killAtEnd: true) { lines in
            guard try await lines.waitFor("READY") != nil else {
                Issue.record("the helper ended early: \(lines.seen)")
                return ""
            }
            try await until("the subscriber") { publisher.numberOfSubscribers == 1 }
            for value: UInt64 in [0, 1] { #expect(try publisher.sendCopy(Sample(value: value)) == 1) }
            let holding = try await lines.waitFor("HOLDING") ?? "\(lines.seen)"
            for value: UInt64 in [2, 3] { #expect(try publisher.sendCopy(Sample(value: value)) == 1) }  // buffer full
            return holding
        }
        #expect(holding == "HOLDING 0,1")
        // Blocks until the publisher finds the killed subscriber's node dead and drops it.
        #expect(try publisher.sendCopy(Sample(value: 4)) == 0)
        _ = node.tryCleanupDeadNodes()
        #expect(service.numberOfSubscribers == 0)
        #expect(bed.leftovers.filter { $0.contains("ps-hold-subscriber") } == [])
        let subscriber = try service.subscriberBuilder().create()
        for value in 5..<25 {
            #expect(try publisher.sendCopy(Sample(value: UInt64(value))) == 1)
            let sample = try subscriber.receive()
            #expect(sample?.payload.value == UInt64(value))
        }
        _ = consume subscriber
        _ = consume publisher
        _ = consume service
        _ = consume node
        bed.finish()
    }

    /// Two publisher processes and four subscriber processes, no safe overflow, `.block`: every subscriber gets
    /// every sample of both publishers in order. 5,000 samples per publisher; 100,000 with `ZEROCOPYIPC_STRESS=1`.
    @Test func twoPublishersAndFourSubscribersLoseNothing() async throws {
        let count = getenv("ZEROCOPYIPC_STRESS").map { String(cString: $0) == "1" } == true ? 100_000 : 5_000
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName(name)).publishSubscribe(Sample.self)
            .enableSafeOverflow(false).maxPublishers(2).maxSubscribers(4).subscriberMaxBufferSize(16).create()
        try await withThrowingTaskGroup(of: (String, HelperResult).self) { group in
            for index in 0..<4 {
                group.addTask {
                    ("subscriber \(index)",
                     try await runHelper("ps-stream-subscriber", bed, ["--publishers", "2", "--count", "\(count)"]))
                }
            }
            for tag in 1...2 {
                group.addTask {
                    ("publisher \(tag)",
                     try await runHelper(
                        "ps-stream-publisher", bed,
                        ["--subscribers", "4", "--count", "\(count)", "--tag", "\(tag)", "--strategy-on-full", "block"]))
                }
            }
            for try await (role, result) in group {
                #expect(result.succeeded, "\(role): \(result)")
                if role.hasPrefix("subscriber") {
                    #expect(result.value("RECEIVED") == "\(2 * count)", "\(role): \(result)")
                    #expect(result.contains("ORDER ok"), "\(role): \(result)")
                } else {
                    #expect(result.value("SENT") == "\(count)", "\(role): \(result)")
                }
            }
        }
        _ = consume service
        _ = consume node
        bed.finish()
    }
}

/// The bytes of slice `sequence` of the hand-over scenarios (the helper's `handoverBytes`).
private func handoverBytes(_ sequence: Int) -> [UInt8] {
    (0..<(1000 << sequence)).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ sequence) }
}
