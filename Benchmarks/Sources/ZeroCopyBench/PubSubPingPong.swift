#if canImport(Glibc)
import Glibc
#endif
import BenchPayloads
import BenchSupport
import ZeroCopyIPC

/// A payload of the publish-subscribe ping-pong: how to loan a sample of `size` bytes with the sequence number in its
/// first and last word, and how to read both words back. Typed (`Zcipc_Bench_Word`, 8 bytes) or a `[UInt8]` slice.
public protocol PingPongPayload: ServicePayload {
    /// The publisher for samples of `size` bytes (slices: the first data segment holds `size` bytes, no growth).
    static func makePublisher(
        _ builder: PublisherBuilder<Self>, size: Int
    ) throws(PortCreateError) -> Publisher<Self>
    /// Loans a sample of `size` bytes, writes `sequence` into its first and last word in place and sends it.
    /// - Returns: The number of subscribers it reached.
    static func send(_ sequence: UInt64, size: Int, from publisher: Publisher<Self>) throws(LoanError) -> Int
    /// The first and last word of a received sample (read in place).
    static func words(_ sample: borrowing Sample<Self>) -> (first: UInt64, last: UInt64)
}

extension Zcipc_Bench_Word: PingPongPayload {
    public static func makePublisher(
        _ builder: PublisherBuilder<Self>, size: Int
    ) throws(PortCreateError) -> Publisher<Self> {
        try builder.create()
    }

    @inline(__always)
    public static func send(_ sequence: UInt64, size: Int, from publisher: Publisher<Self>) throws(LoanError) -> Int {
        var sample = try publisher.loanUninit()
        var written = sample.rawPayload
        written.storeBytes(of: sequence, as: UInt64.self)
        return sample.assumeInitialized().send()
    }

    @inline(__always)
    public static func words(_ sample: borrowing Sample<Self>) -> (first: UInt64, last: UInt64) {
        let value = sample.payload.value
        return (value, value)
    }
}

extension Array: PingPongPayload where Element == UInt8 {
    public static func makePublisher(
        _ builder: PublisherBuilder<Self>, size: Int
    ) throws(PortCreateError) -> Publisher<Self> {
        try builder.initialMaxSliceLen(size).allocationStrategy(.powerOfTwo).create()
    }

    @inline(__always)
    public static func send(_ sequence: UInt64, size: Int, from publisher: Publisher<Self>) throws(LoanError) -> Int {
        var sample = try publisher.loanSliceUninit(size)
        var written = sample.rawPayload
        written.storeBytes(of: sequence, toByteOffset: 0, as: UInt64.self)
        written.storeBytes(of: sequence, toByteOffset: size - 8, as: UInt64.self)
        return sample.assumeInitialized().send()
    }

    @inline(__always)
    public static func words(_ sample: borrowing Sample<Self>) -> (first: UInt64, last: UInt64) {
        let bytes = sample.rawPayload
        guard bytes.byteCount >= 8 else { return (0, 1) }
        return (
            bytes.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt64.self),
            bytes.unsafeLoadUnaligned(fromByteOffset: bytes.byteCount - 8, as: UInt64.self)
        )
    }
}

/// Publish-subscribe ping-pong over two services, iceoryx2's benchmark method: this process (A, CPU 0) publishes on
/// `…/a2b` and subscribes to `…/b2a`; the spawned process B (CPU 1) subscribes to `a2b` and publishes every sample
/// it receives back on `b2a`. Same protocol as every round trip of the table: the sequence number in the payload's
/// first and last word, written and read in place, nothing else touched; both sides busy-poll `receive()`.
/// One-way latency is the round trip / 2.
///
/// The services are configured as iceoryx2's benchmark configures them: one publisher, one subscriber, buffer 1,
/// no history, safe overflow.
public final class PubSubPingPong<Payload: PingPongPayload> {
    let node: Node
    let a2b: PublishSubscribeService<Payload>
    let b2a: PublishSubscribeService<Payload>
    /// `nil` after ``stop()``.
    var publisher: Publisher<Payload>?
    var subscriber: Subscriber<Payload>?
    var server: ServerProcess?
    let size: Int

    static func service(
        _ node: Node, _ name: String, create: Bool
    ) throws(BenchError) -> PublishSubscribeService<Payload> {
        do {
            let builder = try node.serviceBuilder(serviceName(name)).publishSubscribe(Payload.self)
                .maxPublishers(1).maxSubscribers(1).subscriberMaxBufferSize(1).historySize(0).enableSafeOverflow(true)
            if create { return try builder.create() }
            return try builder.open()
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("publish-subscribe service \(name): \(error)")
        }
    }

    /// Waits until `publisher` reaches a subscriber and `subscriber` is connected to a publisher.
    static func waitForPeer(
        _ what: String, _ publisher: Publisher<Payload>, _ subscriber: Subscriber<Payload>
    ) throws(BenchError) {
        try waitUntil(what) {
            _ = subscriber.hasSamples  // a subscriber connects lazily
            return publisher.numberOfSubscribers >= 1 && subscriber.numberOfPublishers >= 1
        }
    }

    /// Creates both services and A's ports, spawns `executable subcommand --serve NAME --size SIZE` as B and waits
    /// until both directions are connected. `serverArguments` are passed on (`--count-after N --report NAME`).
    public init(executable: String, subcommand: String, size: Int, serverArguments: [String] = []) throws(BenchError) {
        self.size = size
        node = try makeNode("pubsub-a")
        let name = "zcipc-bench/\(subcommand)/\(getpid())"
        a2b = try Self.service(node, name + "/a2b", create: true)
        b2a = try Self.service(node, name + "/b2a", create: true)
        let publisher: Publisher<Payload>
        let subscriber: Subscriber<Payload>
        do {
            publisher = try Payload.makePublisher(a2b.publisherBuilder(), size: size)
            subscriber = try b2a.subscriberBuilder().create()
        } catch {
            throw BenchError("ping-pong A setup: \(error)")
        }
        self.publisher = publisher
        self.subscriber = subscriber
        server = .some(
            try ServerProcess(
                executable: executable,
                arguments: [subcommand, "--serve", name, "--size", "\(size)"] + serverArguments))
        try Self.waitForPeer("process B of \(name)", publisher, subscriber)
        try pinToCPU(0)
    }

    /// One round trip: publish `sequence` on a2b, busy-poll b2a for the echo.
    @_specialize(where Payload == Zcipc_Bench_Word)
    @_specialize(where Payload == [UInt8])
    public func roundTrip(_ sequence: UInt64) throws(BenchError) {
        guard let publisher, let subscriber else { throw BenchError("round trip after stop()") }
        var words: (first: UInt64, last: UInt64) = (0, 0)
        do {
            let reached = try Payload.send(sequence, size: size, from: publisher)
            guard reached == 1 else { throw BenchError("sample \(sequence) reached \(reached) subscribers") }
            while true {
                if let sample = try subscriber.receive() {
                    words = Payload.words(sample)
                    break
                }
                cpuRelax()
            }
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("ping-pong \(sequence): \(error)")
        }
        guard words.first == sequence, words.last == sequence else {
            throw BenchError("echo \(words.first)/\(words.last) to sample \(sequence)")
        }
    }

    /// Stops B (one more round trip with ``stopSequence``) and reaps it.
    public func stop() throws(BenchError) {
        try roundTrip(stopSequence)
        publisher = nil
        subscriber = nil
        try server.take()?.wait()
    }

    deinit {
        server.take()?.kill()
    }

    /// Process B: echoes every sample from a2b on b2a until ``stopSequence``.
    /// - Parameters:
    ///   - countAfter: Count heap allocations from this sample on (after the warm-up) until the stop sample, and
    ///     print them as `COUNT name=report …` per round trip (no counting if `report` is empty).
    @_specialize(where Payload == Zcipc_Bench_Word)
    @_specialize(where Payload == [UInt8])
    public static func serve(name: String, size: Int, countAfter: Int, report: String) throws(BenchError) {
        try pinToCPU(1)
        let node = try makeNode("pubsub-b")
        let a2b = try service(node, name + "/a2b", create: false)
        let b2a = try service(node, name + "/b2a", create: false)
        let subscriber: Subscriber<Payload>
        let publisher: Publisher<Payload>
        do {
            subscriber = try a2b.subscriberBuilder().create()
            publisher = try Payload.makePublisher(b2a.publisherBuilder(), size: size)
        } catch {
            throw BenchError("ping-pong B setup: \(error)")
        }
        try waitForPeer("process A of \(name)", publisher, subscriber)
        var idle = 0
        var served = 0
        let counter = AllocationCounter()
        if countAfter == 0 && !report.isEmpty { counter.start() }
        while true {
            let next: Sample<Payload>?
            do { next = try subscriber.receive() } catch { throw BenchError("ping-pong B: receive: \(error)") }
            guard let sample = next else {
                idle += 1
                if idle & 0xFFFFF == 0, a2b.numberOfPublishers == 0 { throw BenchError("ping-pong B: A is gone") }
                cpuRelax()
                continue
            }
            let words = Payload.words(sample)
            guard words.first == words.last else { throw BenchError("ping-pong B: torn sample \(words)") }
            let sequence = words.first
            if sequence == stopSequence && served >= countAfter && !report.isEmpty {
                reportAllocationsPerRoundTrip(
                    name: report, side: "server", count: counter.stop(), roundTrips: served - countAfter)
            }
            served += 1
            if served == countAfter && !report.isEmpty { counter.start() }
            do {
                let reached = try Payload.send(sequence, size: size, from: publisher)
                guard reached == 1 else { throw BenchError("ping-pong B: echo reached \(reached) subscribers") }
            } catch let error as BenchError {
                throw error
            } catch {
                throw BenchError("ping-pong B: echo \(sequence): \(error)")
            }
            if sequence == stopSequence { break }
        }
        // Stay until A has taken the last echo and left.
        try? waitUntil("process A to leave", seconds: 10) { b2a.numberOfSubscribers == 0 }
    }
}
