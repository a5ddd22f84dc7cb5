#if canImport(Glibc)
import Glibc
#endif
import BenchPayloads
import BenchSupport
import ZeroCopyIPC

/// WaitSet wake-up latency with N attachments (`zc-waitset-wait`, the table's "size" is N): process A (CPU 0)
/// publishes each sequence number on one of N services `…/a2b/<i>` in turn and waits for the echo with the blocking
/// `receive(timeout:)` on `…/b2a`; process B (CPU 1) has one subscriber per a2b service, all attached to one WaitSet,
/// and echoes every sample from `waitAndProcessOnce`. Both sides wait as a user would (a short spin, then a futex
/// sleep), so the growth from 1 to 128 attachments is what the WaitSet's `futex_waitv` over N words adds.
public final class WaitSetPingPong {
    public typealias Payload = Zcipc_Bench_Word
    let node: Node
    let a2b: [PublishSubscribeService<Payload>]
    let b2a: PublishSubscribeService<Payload>
    var publishers: [Publisher<Payload>]
    var subscriber: Subscriber<Payload>?
    var server: ServerProcess?

    static func service(
        _ node: Node, _ name: String, create: Bool
    ) throws(BenchError) -> PublishSubscribeService<Payload> {
        do {
            let builder = try node.serviceBuilder(serviceName(name)).publishSubscribe(Payload.self)
                .maxPublishers(1).maxSubscribers(1).subscriberMaxBufferSize(1).historySize(0).enableSafeOverflow(true)
            return create ? try builder.create() : try builder.open()
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("publish-subscribe service \(name): \(error)")
        }
    }

    /// Creates the services and A's ports, spawns B and waits until every direction is connected.
    public init(
        executable: String, subcommand: String, attachments: Int, serverArguments: [String] = []
    ) throws(BenchError) {
        node = try makeNode("waitset-a")
        let name = "zcipc-bench/\(subcommand)/\(getpid())"
        var services: [PublishSubscribeService<Payload>] = []
        for index in 0..<attachments { services.append(try Self.service(node, "\(name)/a2b/\(index)", create: true)) }
        a2b = services
        b2a = try Self.service(node, name + "/b2a", create: true)
        do {
            publishers = try a2b.map { (service) throws(PortCreateError) in try service.publisherBuilder().create() }
            subscriber = try b2a.subscriberBuilder().create()
        } catch {
            throw BenchError("waitset A setup: \(error)")
        }
        server = .some(
            try ServerProcess(
                executable: executable,
                arguments: [subcommand, "--serve", name] + serverArguments))
        let subscriber = self.subscriber!
        let publishers = self.publishers
        try waitUntil("process B of \(name)") {
            _ = subscriber.hasSamples
            return subscriber.numberOfPublishers >= 1 && publishers.allSatisfy { $0.numberOfSubscribers >= 1 }
        }
        try pinToCPU(0)
    }

    /// One round trip: publish `sequence` on a2b/<sequence % N>, wait (blocking) for the echo on b2a.
    public func roundTrip(_ sequence: UInt64) throws(BenchError) {
        guard let subscriber else { throw BenchError("round trip after stop()") }
        let publisher = publishers[Int(sequence % UInt64(publishers.count))]
        do {
            var sample = try publisher.loanUninit()
            var written = sample.rawPayload
            written.storeBytes(of: sequence, as: UInt64.self)
            guard sample.assumeInitialized().send() == 1 else { throw BenchError("sample \(sequence) reached nobody") }
            guard let echo = try subscriber.receive(timeout: .seconds(10)) else {
                throw BenchError("no echo to \(sequence) within 10 s")
            }
            guard echo.payload.value == sequence else { throw BenchError("echo \(echo.payload.value) to \(sequence)") }
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("waitset round trip \(sequence): \(error)")
        }
    }

    /// Stops B (one more round trip with ``stopSequence``) and reaps it.
    public func stop() throws(BenchError) {
        try roundTrip(stopSequence)
        publishers = []
        subscriber = nil
        try server.take()?.wait()
    }

    deinit { server.take()?.kill() }

    /// Process B: one WaitSet over `attachments` subscribers; echoes every sample until ``stopSequence``.
    public static func serve(name: String, attachments: Int) throws(BenchError) {
        try pinToCPU(1)
        let node = try makeNode("waitset-b")
        var subscribers: [Subscriber<Payload>] = []
        let b2a = try service(node, name + "/b2a", create: false)
        let publisher: Publisher<Payload>
        let waitSet: WaitSet
        var services: [PublishSubscribeService<Payload>] = []
        var guards: [AttachmentBox] = []
        do {
            for index in 0..<attachments {
                let service = try service(node, "\(name)/a2b/\(index)", create: false)
                services.append(service)
                subscribers.append(try service.subscriberBuilder().create())
            }
            publisher = try b2a.publisherBuilder().create()
            waitSet = try WaitSetBuilder().signalHandling(.disabled).create()
            for subscriber in subscribers { guards.append(AttachmentBox(try waitSet.attachNotification(subscriber))) }
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("waitset B setup: \(error)")
        }
        try waitUntil("process A of \(name)") {
            subscribers.allSatisfy { _ = $0.hasSamples; return $0.numberOfPublishers >= 1 }
                && publisher.numberOfSubscribers >= 1
        }
        // Attachment id → subscriber, built once: the loop then allocates nothing.
        var index: [WaitSetAttachmentId: Int] = [:]
        for (position, box) in guards.enumerated() { index[box.attachment.id] = position }
        var stopped = false
        var failure: BenchError?
        while !stopped && failure == nil {
            do throws(WaitSetRunError) {
                _ = try waitSet.waitAndProcessOnce(timeout: .seconds(10)) { id in
                    guard let position = index[id] else { return .continue }
                    while let sample = try? subscribers[position].receive() {
                        let sequence = sample.payload.value
                        do {
                            var echo = try publisher.loanUninit()
                            var written = echo.rawPayload
                            written.storeBytes(of: sequence, as: UInt64.self)
                            _ = echo.assumeInitialized().send()
                        } catch {
                            failure = BenchError("waitset B: echo \(sequence): \(error)")
                            return .stop
                        }
                        if sequence == stopSequence { stopped = true }
                    }
                    return .continue
                }
            } catch {
                throw BenchError("waitset B: \(error)")
            }
            if !stopped, services[0].numberOfPublishers == 0 { throw BenchError("waitset B: A is gone") }
        }
        if let failure { throw failure }
        guards.removeAll()
        try? waitUntil("process A to leave", seconds: 10) { b2a.numberOfSubscribers == 0 }
    }

    /// CPU time of an idle WaitSet (`zc-waitset-idle-cpu`): 16 attached subscribers that nobody publishes to and an
    /// interval-free wait of `seconds`; prints a `COUNT name=zc-waitset-idle-cpu` line with the CPU time from
    /// getrusage.
    public static func idleCPU(seconds: Double) throws(BenchError) {
        let node = try makeNode("waitset-idle")
        let name = "zcipc-bench/zc-waitset-idle-cpu/\(getpid())"
        var services: [PublishSubscribeService<Payload>] = []
        var subscribers: [Subscriber<Payload>] = []
        var guards: [AttachmentBox] = []
        let waitSet: WaitSet
        do {
            waitSet = try WaitSetBuilder().signalHandling(.disabled).create()
            for index in 0..<16 {
                let service = try service(node, "\(name)/\(index)", create: true)
                services.append(service)
                let subscriber = try service.subscriberBuilder().create()
                subscribers.append(subscriber)
                guards.append(AttachmentBox(try waitSet.attachNotification(subscriber)))
            }
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("idle WaitSet setup: \(error)")
        }
        var before = rusage()
        var after = rusage()
        getrusage(RUSAGE_SELF.rawValue, &before)
        let end = monotonicNanoseconds() + UInt64(seconds * 1e9)
        var woken = 0
        while monotonicNanoseconds() < end {
            let left = Int64(end - monotonicNanoseconds())
            do throws(WaitSetRunError) {
                _ = try waitSet.waitAndProcessOnce(timeout: .nanoseconds(left)) { _ in
                    woken += 1
                    return .continue
                }
            } catch {
                throw BenchError("idle WaitSet: \(error)")
            }
        }
        getrusage(RUSAGE_SELF.rawValue, &after)
        func micros(_ time: timeval) -> Int { time.tv_sec * 1_000_000 + Int(time.tv_usec) }
        let user = micros(after.ru_utime) - micros(before.ru_utime)
        let system = micros(after.ru_stime) - micros(before.ru_stime)
        print(
            "COUNT name=zc-waitset-idle-cpu what=cpu_us_user_plus_system value=\(user + system) seconds=\(seconds) "
                + "attachments=16 user_us=\(user) system_us=\(system) callbacks=\(woken)")
        fflush(nil)
        guards.removeAll()
    }
}

/// A guard in a class, so that an array holds several (guards are noncopyable).
final class AttachmentBox {
    let attachment: WaitSetGuard
    init(_ attachment: consuming WaitSetGuard) { self.attachment = attachment }
}
