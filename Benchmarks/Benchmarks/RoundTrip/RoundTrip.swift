// Round trips under the ordo-one/benchmark harness: its malloc interposer counts the client's heap allocations per
// round trip (the target is zero in the steady state), and its latency percentiles cross-check zcipc-bench's.
//
// The server side is `zcipc-bench`, spawned from the same bin folder: build it first
// (`swift build -c release --product zcipc-bench`, as scripts/run-all.sh does).
import Benchmark
import BenchPayloads
import BenchSupport
import ZeroCopyBench

#if canImport(Glibc)
import Glibc
#endif

/// The client of the running benchmark: set in setup, used by the measured closure, cleared in teardown. The harness
/// runs setup, the measurement and teardown one after another, never concurrently.
nonisolated(unsafe) private var spinFloor: SpinFloor.Client?
nonisolated(unsafe) private var typedClient: TypedClient<Zcipc_Bench_Word>?
nonisolated(unsafe) private var sliceClient: SliceClient?
nonisolated(unsafe) private var pubSubClient: PubSubPingPong<Zcipc_Bench_Word>?
nonisolated(unsafe) private var sequence: UInt64 = 0
nonisolated(unsafe) private var pinnedThread: pthread_t = 0

/// The harness may measure on another thread than the one that ran setup; pin the measuring thread to CPU 0 (the
/// server is on CPU 1) the first time it runs a measurement.
private func pinOnce() {
    let thread = pthread_self()
    if pinnedThread != thread {
        pinnedThread = thread
        try? pinToCPU(0)
    }
}

private let metrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal, .throughput, .contextSwitches]

/// Set by scripts/smoke.sh: run each benchmark for a couple of iterations only.
private let smoke = getenv("ZCIPC_BENCH_SMOKE") != nil

private func server() throws -> String { try siblingExecutable("zcipc-bench") }

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: metrics,
        timeUnits: .nanoseconds,
        warmupIterations: smoke ? 1 : 100,
        scalingFactor: smoke ? .one : .kilo,
        maxDuration: .seconds(smoke ? 1 : 3),
        maxIterations: smoke ? 2 : 1_000
    )

    // Control: one counted allocation per iteration proves that the harness's malloc counter is active here, so that
    // the zeros below mean zero.
    Benchmark("control one array allocation per iteration", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole([UInt8](repeating: 1, count: 100))
        }
    }

    // The Swift floor (no ZeroCopyIPC code): 1,000 round trips per measured iteration.
    Benchmark("swift-spin-line round trip") { benchmark in
        pinOnce()
        sequence = spinFloor!.roundTrips(benchmark.scaledIterations.count, after: sequence)
    } setup: {
        spinFloor = try SpinFloor.Client(executable: server(), subcommand: "swift-spin-line")
    } teardown: {
        try spinFloor.take()?.stop(after: sequence)
    }

    // Ours: typed 8-byte round trips, busy-polling.
    Benchmark("zc-typed-poll 8 B round trip") { benchmark in
        pinOnce()
        let client = typedClient!
        for _ in benchmark.scaledIterations {
            sequence &+= 1
            try client.roundTrip(sequence)
        }
    } setup: {
        typedClient = try TypedClient(executable: server(), subcommand: "zc-typed-poll", mode: .poll)
    } teardown: {
        try typedClient?.stop()
        typedClient = nil
    }

    // Ours: typed 8-byte publish-subscribe ping-pong over a2b/b2a, busy-polling (one round trip = two samples).
    Benchmark("zc-pubsub-typed-poll 8 B round trip") { benchmark in
        pinOnce()
        let client = pubSubClient!
        for _ in benchmark.scaledIterations {
            sequence &+= 1
            try client.roundTrip(sequence)
        }
    } setup: {
        pubSubClient = try PubSubPingPong(executable: server(), subcommand: "zc-pubsub-typed-poll", size: 8)
    } teardown: {
        try pubSubClient?.stop()
        pubSubClient = nil
    }

    // Ours: 1 MiB slice round trips, busy-polling (the payload is not filled).
    Benchmark("zc-slice-poll 1 MiB round trip") { benchmark in
        pinOnce()
        let client = sliceClient!
        for _ in benchmark.scaledIterations {
            sequence &+= 1
            try client.roundTrip(sequence)
        }
    } setup: {
        sliceClient = try SliceClient(executable: server(), subcommand: "zc-slice-poll", mode: .poll, size: 1 << 20)
    } teardown: {
        try sliceClient?.stop()
        sliceClient = nil
    }
}
