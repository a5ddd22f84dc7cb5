import Glibc
import ZeroCopyIPC

// Publish-subscribe scenarios. The test process creates the service with the settings it checks and keeps it
// open; these helpers open it without asking for anything, so they take whatever the test chose.

/// The payload of the publish-subscribe process tests (the test's own `Sample`): `tag << 32 | sequence`, so a
/// subscriber tells publishers apart and checks each one's order.
struct Sample: ZeroCopySend, Equatable {
    static var typeName: String { "test.Sample" }
    var value: UInt64
}

private func openService<Payload: ServicePayload>(
    _ node: Node, _ options: Options, _ payload: Payload.Type
) -> PublishSubscribeService<Payload> {
    do {
        return try node.serviceBuilder(ServiceName(options.service)).publishSubscribe(payload).open()
    } catch {
        fail("open service: \(error)")
    }
}

private func publisher<Payload: ServicePayload>(
    _ service: PublishSubscribeService<Payload>, _ options: Options
) -> Publisher<Payload> {
    do {
        return try service.publisherBuilder()
            .unableToDeliverStrategy(options.string("strategy-on-full", "block") == "discard" ? .discardData : .block)
            .initialMaxSliceLen(4).allocationStrategy(.powerOfTwo).create()
    } catch {
        fail("publisher: \(error)")
    }
}

/// Waits until the publisher reaches `--subscribers` subscribers, then sends `--count` samples `tag << 32 | n`
/// (`--tag`), prints `SENT count` and leaves.
func runPublishSubscribeStreamPublisher(_ options: Options) {
    let node = makeNode(options, "ps-stream-publisher")
    let service = openService(node, options, Sample.self)
    let publisher = publisher(service, options)
    let subscribers = options.int("subscribers", 1)
    waitFor("\(subscribers) subscribers", seconds: 120) { publisher.numberOfSubscribers >= subscribers }
    let tag = UInt64(options.int("tag", 0)) << 32
    let count = options.int("count", 100)
    do {
        for sequence in 0..<count { try publisher.sendCopy(Sample(value: tag | UInt64(sequence))) }
    } catch {
        fail("send: \(error)")
    }
    say("SENT \(count)")
}

/// Prints `READY` once subscribed, then receives until it has `--count` samples from each of `--publishers`
/// publishers, checking that each publisher's sequence goes 0, 1, 2, … without a gap; prints `RECEIVED total` and
/// `ORDER ok` or `ORDER broken …`.
func runPublishSubscribeStreamSubscriber(_ options: Options) {
    let node = makeNode(options, "ps-stream-subscriber")
    let service = openService(node, options, Sample.self)
    let subscriber: Subscriber<Sample>
    do {
        subscriber = try service.subscriberBuilder().create()
    } catch {
        fail("subscriber: \(error)")
    }
    say("READY")
    let publishers = options.int("publishers", 1)
    let count = options.int("count", 100)
    var next: [UInt64: UInt64] = [:]
    var received = 0
    var broken: String?
    do {
        while received < publishers * count {
            guard let sample = try subscriber.receive(timeout: .seconds(60)) else {
                fail("no sample for 60 s after \(received): \(next)")
            }
            let tag = sample.payload.value >> 32
            let sequence = sample.payload.value & 0xffff_ffff
            if sequence != next[tag, default: 0], broken == nil {
                broken = "publisher \(tag): \(sequence) after \(next[tag, default: 0])"
            }
            next[tag] = sequence + 1
            received += 1
        }
    } catch {
        fail("receive: \(error)")
    }
    say("RECEIVED \(received)")
    say(broken.map { "ORDER broken \($0)" } ?? "ORDER ok")
}

/// Prints `PUBLISHER` once created, waits for `--subscribers` subscribers and, with `--go name`, until the test has
/// created the publish-subscribe service `name` (of `UInt8`), sends `--count` slices that each grow the publisher's
/// memory (`handoverBytes`), prints `SENT` and leaves; with `--exit-at-once 1` without dropping anything.
func runPublishSubscribeSlicePublisher(_ options: Options) {
    let node = makeNode(options, "ps-slice-publisher")
    let service = openService(node, options, [UInt8].self)
    let publisher = publisher(service, options)
    say("PUBLISHER")
    let subscribers = options.int("subscribers", 1)
    waitFor("\(subscribers) subscribers") { publisher.numberOfSubscribers >= subscribers }
    if let go = options.values["go"] {
        waitFor("the service \(go)") {
            (try? node.serviceBuilder(ServiceName(go)).publishSubscribe(UInt8.self).open()) != nil
        }
    }
    do {
        for sequence in 0..<options.int("count", 4) { try publisher.sendCopy(handoverBytes(sequence)) }
    } catch {
        fail("send: \(error)")
    }
    say("SENT")
    if options.int("exit-at-once", 0) == 1 { exit(0) }  // nothing dropped: the node is left for dead
}

/// Waits for a subscriber, sends `--count` samples 0, 1, …, prints `SENT` and holds everything until killed.
func runPublishSubscribeHoldPublisher(_ options: Options) {
    let node = makeNode(options, "ps-hold-publisher")
    let service = openService(node, options, Sample.self)
    let publisher = publisher(service, options)
    waitFor("a subscriber") { publisher.numberOfSubscribers >= 1 }
    do {
        for value in 0..<options.int("count", 3) { try publisher.sendCopy(Sample(value: UInt64(value))) }
    } catch {
        fail("send: \(error)")
    }
    say("SENT")
    while true { sleep(1) }
}

/// Prints `READY` once subscribed, receives `--hold` samples and keeps them, prints `HOLDING values` and holds
/// everything until killed.
func runPublishSubscribeHoldSubscriber(_ options: Options) {
    let node = makeNode(options, "ps-hold-subscriber")
    let service = openService(node, options, Sample.self)
    do {
        let subscriber = try service.subscriberBuilder().create()
        say("READY")
        guard let first = try subscriber.receive(timeout: .seconds(120)) else { fail("no first sample") }
        guard let second = try subscriber.receive(timeout: .seconds(120)) else { fail("no second sample") }
        say("HOLDING \(first.payload.value),\(second.payload.value)")
        while true { sleep(1) }
    } catch {
        fail("\(error)")
    }
}
