#if canImport(Glibc)
import Glibc
#endif
import BenchPayloads
import BenchSupport
import ZeroCopyIPC

/// What one send costs with 1, 2, 4 and 8 subscribers, and samples/s from one publisher to one subscriber.
public enum PubSubFanOut {
    /// The subscriber counts of ``sendCost(subscribers:size:options:)``.
    public static let subscriberCounts = [1, 2, 4, 8]

    /// One process, one thread: a publisher and `subscribers` subscribers of one `[UInt8]` service. Each step loans a
    /// slice of `size` bytes, writes the sequence number into its first and last word and sends it (timed), then
    /// every subscriber receives it, checks both words and drops it (not timed). Prints
    /// `RESULT name=zc-pubsub-send-<n>sub size=<size> …` (ns per send) and the allocations of the timed sends.
    ///
    /// In one process on purpose: every line stays in one cache, so the growth per added subscriber is the
    /// runtime's own work per subscriber (a queue push; a copy would grow with the size).
    public static func sendCost(subscribers: Int, size: Int, options: BenchOptions) throws(BenchError) {
        typealias Payload = [UInt8]
        let node = try makeNode("fanout")
        let name = "zcipc-bench/zc-pubsub-send/\(getpid())/\(subscribers)/\(size)"
        let service: PublishSubscribeService<Payload>
        let publisher: Publisher<Payload>
        var ports: [Subscriber<Payload>] = []
        do {
            service = try node.serviceBuilder(serviceName(name)).publishSubscribe(Payload.self)
                .maxPublishers(1).maxSubscribers(subscriberCounts.max()!).historySize(0).create()
            publisher = try Payload.makePublisher(service.publisherBuilder(), size: size)
            for _ in 0..<subscribers { ports.append(try service.subscriberBuilder().create()) }
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("fan-out setup: \(error)")
        }
        try waitUntil("\(subscribers) subscribers of \(name)") {
            for port in ports { _ = port.hasSamples }
            return publisher.numberOfSubscribers == subscribers
                && ports.allSatisfy { $0.numberOfPublishers == 1 }
        }
        try pinToCPU(0)
        let report = "zc-pubsub-send-\(subscribers)sub"
        _ = AllocationCounter.isActive
        let counter = AllocationCounter()
        var allocations = 0
        var recorder = LatencyRecorder(options: options)
        do {
            try recorder.runSelfTimed(timedPhase: { starting in
                if starting { counter.start() } else { allocations = counter.stop() }
            }) { sequence in
                let start = monotonicNanoseconds()
                let reached = try Payload.send(sequence, size: size, from: publisher)
                let end = monotonicNanoseconds()
                guard reached == subscribers else {
                    throw BenchError("sample \(sequence) reached \(reached) of \(subscribers) subscribers")
                }
                for port in ports {
                    guard let sample = try port.receive() else { throw BenchError("sample \(sequence) not received") }
                    let words = Payload.words(sample)
                    guard words.first == sequence, words.last == sequence else {
                        throw BenchError("received \(words) for sample \(sequence)")
                    }
                }
                return end - start
            }
        } catch {
            throw error as? BenchError ?? BenchError("fan-out: \(error)")
        }
        let timed = recorder.count
        try recorder.report(name: report, size: size)
        reportAllocationsPerRoundTrip(name: "\(report)/\(size)", side: "client", count: allocations, roundTrips: timed)
    }

    /// Context for ``sendCost(subscribers:size:options:)``: what copying `size` bytes costs here (`memcpy` between two
    /// buffers, median of `RESULT name=memcpy`), i.e. what each added subscriber would cost if a send copied.
    public static func copyCost(size: Int, options: BenchOptions) throws(BenchError) {
        let source = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        let target = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer {
            source.deallocate()
            target.deallocate()
        }
        memset(source, 1, size)
        memset(target, 2, size)
        var copyOptions = options
        copyOptions.iterations = options.smoke ? 4 : 200
        copyOptions.warmup = options.smoke ? 1 : 20
        var recorder = LatencyRecorder(options: copyOptions)
        recorder.run { sequence in
            source.storeBytes(of: sequence, as: UInt64.self)
            memcpy(target, source, size)
        }
        guard target.load(as: UInt8.self) != 2 else { throw BenchError("memcpy did not copy") }
        try recorder.report(name: "memcpy", size: size)
    }

    // MARK: - Throughput

    /// Samples/s from one publisher (this process, CPU 0) to one subscriber (a spawned process, CPU 1), typed 8 B,
    /// busy-poll; safe overflow off and the `block` strategy, so that no sample is lost (the subscriber checks that
    /// it receives every sequence number in order), subscriber buffer 16. The publisher sends for `maxSeconds`
    /// (smoke: 1,000 samples); prints `THROUGHPUT name=zc-pubsub-1to1-poll …` with the median of windows of 4,096
    /// samples.
    public static func throughput(executable: String, subcommand: String, options: BenchOptions) throws(BenchError) {
        typealias Word = Zcipc_Bench_Word
        let node = try makeNode("throughput-pub")
        let name = "zcipc-bench/\(subcommand)/\(getpid())"
        let service = try throughputService(node, name, create: true)
        let publisher: Publisher<Word>
        do {
            publisher = try service.publisherBuilder().unableToDeliverStrategy(.block).create()
        } catch {
            throw BenchError("throughput publisher: \(error)")
        }
        var server: ServerProcess? = try ServerProcess(executable: executable, arguments: [subcommand, "--serve", name])
        defer { server.take()?.kill() }
        try waitUntil("the subscriber of \(name)") { publisher.numberOfSubscribers >= 1 }
        try pinToCPU(0)
        let window: UInt64 = options.smoke ? 100 : 4096
        let total: UInt64 = options.smoke ? 1000 : UInt64.max
        let warmup: UInt64 = options.smoke ? 100 : UInt64(max(options.warmup, 10_000))
        var windows: [UInt64] = []
        windows.reserveCapacity(100_000)
        var sequence: UInt64 = 0
        var start: UInt64 = 0
        var windowStart: UInt64 = 0
        let limit = UInt64(options.maxSeconds * 1e9)
        do {
            while true {
                sequence += 1
                var sample = try publisher.loanUninit()
                var written = sample.rawPayload
                written.storeBytes(of: sequence, as: UInt64.self)
                guard sample.assumeInitialized().send() == 1 else { throw BenchError("sample \(sequence) not delivered") }
                if sequence == warmup {
                    start = monotonicNanoseconds()
                    windowStart = start
                } else if sequence > warmup && (sequence - warmup) % window == 0 {
                    let now = monotonicNanoseconds()
                    windows.append(now - windowStart)
                    windowStart = now
                    if sequence - warmup >= total || now - start > limit { break }
                }
            }
            try publisher.sendCopy(Word(value: stopSequence))
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("throughput send \(sequence): \(error)")
        }
        let seconds = Double(monotonicNanoseconds() - start) / 1e9
        let measured = sequence - warmup
        try server.take()?.wait()
        windows.sort()
        let medianWindow = Double(windows[windows.count / 2]) / 1e9
        print(
            "THROUGHPUT name=zc-pubsub-1to1-poll size=8 requests=\(measured) seconds=\(seconds)"
                + " rps=\(Double(window) / medianWindow) mean_rps=\(Double(measured) / seconds)"
                + " desc=ours:_1_publisher,_1_subscriber_process,_typed_8_B,_busy-poll,_no_loss_(block,_buffer_16),"
                + "_median_of_\(windows.count)_windows"
        )
    }

    static func throughputService(
        _ node: Node, _ name: String, create: Bool
    ) throws(BenchError) -> PublishSubscribeService<Zcipc_Bench_Word> {
        do {
            let builder = try node.serviceBuilder(serviceName(name)).publishSubscribe(Zcipc_Bench_Word.self)
                .maxPublishers(1).maxSubscribers(1).subscriberMaxBufferSize(16).historySize(0)
                .enableSafeOverflow(false)
            if create { return try builder.create() }
            return try builder.open()
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("throughput service \(name): \(error)")
        }
    }

    /// The subscriber process of ``throughput(executable:subcommand:options:)``: receives until ``stopSequence``
    /// and fails if any sequence number is missing or out of order.
    public static func throughputSubscriber(name: String) throws(BenchError) {
        try pinToCPU(1)
        let node = try makeNode("throughput-sub")
        let service = try throughputService(node, name, create: false)
        let subscriber: Subscriber<Zcipc_Bench_Word>
        do { subscriber = try service.subscriberBuilder().create() } catch {
            throw BenchError("throughput subscriber: \(error)")
        }
        var expected: UInt64 = 1
        var idle = 0
        while true {
            let next: Sample<Zcipc_Bench_Word>?
            do { next = try subscriber.receive() } catch { throw BenchError("throughput receive: \(error)") }
            guard let sample = next else {
                idle += 1
                if idle & 0xFFFFF == 0, service.numberOfPublishers == 0 {
                    throw BenchError("throughput subscriber: the publisher is gone after \(expected - 1) samples")
                }
                cpuRelax()
                continue
            }
            let value = sample.payload.value
            if value == stopSequence { break }
            guard value == expected else {
                throw BenchError("throughput subscriber: sample \(value), expected \(expected) (lost or reordered)")
            }
            expected += 1
        }
    }
}
