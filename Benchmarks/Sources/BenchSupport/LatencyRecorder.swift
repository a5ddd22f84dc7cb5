import CBenchShim

/// Times round trips exactly as the native baselines do and prints the same `RESULT` line.
///
/// Median is `samples[n / 2]` and p99 is `samples[ceil(0.99 n) - 1]` of the sorted samples, as in
/// `Benchmarks/Native/bench_common.h`, so that ratios against the baselines compare like with like.
public struct LatencyRecorder: ~Copyable {
    private var samples: [UInt64]
    private let options: BenchOptions

    public init(options: BenchOptions) {
        self.options = options
        samples = []
        samples.reserveCapacity(options.iterations)  // allocate once, before the first timed round trip
    }

    /// Runs `options.warmup` untimed and then up to `options.iterations` timed calls of `roundTrip`, stopping early
    /// after `options.maxSeconds`. `roundTrip` gets a sequence number, starting at 1.
    /// `timedPhase` is called with `true` right before the first timed round trip and with `false` right after the
    /// last one (allocation counting).
    public mutating func run(
        timedPhase: (Bool) -> Void = { _ in }, _ roundTrip: (UInt64) throws -> Void
    ) rethrows {
        var sequence: UInt64 = 0
        // Warm-up: at most `warmup` round trips and a third of `maxSeconds`, as in Native/bench_common.h.
        let warmDeadline = now() + UInt64(options.maxSeconds / 3 * 1e9)
        for index in 0..<options.warmup {
            if index & 15 == 0 && index > 0 && now() > warmDeadline { break }
            sequence += 1
            try roundTrip(sequence)
        }
        let perf = PerfControl()  // count-syscalls.sh: perf counts exactly the timed round trips
        timedPhase(true)
        perf?.enable()
        defer {
            perf?.disable()
            timedPhase(false)
        }
        let deadline = now() + UInt64(options.maxSeconds * 1e9)
        for _ in 0..<options.iterations {
            sequence += 1
            let start = now()
            try roundTrip(sequence)
            let end = now()
            samples.append(end - start)
            if samples.count & 15 == 0 && end > deadline { break }
        }
    }

    /// Like ``run(timedPhase:_:)``, but `step` times itself and returns the nanoseconds to record (for a step that
    /// does untimed work too, e.g. a publisher's send timed and the subscribers' receives not).
    public mutating func runSelfTimed(
        timedPhase: (Bool) -> Void = { _ in }, _ step: (UInt64) throws -> UInt64
    ) rethrows {
        var sequence: UInt64 = 0
        let warmDeadline = now() + UInt64(options.maxSeconds / 3 * 1e9)
        for index in 0..<options.warmup {
            if index & 15 == 0 && index > 0 && now() > warmDeadline { break }
            sequence += 1
            _ = try step(sequence)
        }
        timedPhase(true)
        defer { timedPhase(false) }
        let deadline = now() + UInt64(options.maxSeconds * 1e9)
        for _ in 0..<options.iterations {
            sequence += 1
            samples.append(try step(sequence))
            if samples.count & 15 == 0 && now() > deadline { break }
        }
    }

    /// The number of timed round trips so far.
    public var count: Int { samples.count }

    /// Prints `RESULT name=… size=… n=… median_ns=… p99_ns=… mean_ns=… min_ns=…` on stdout.
    public consuming func report(name: String, size: Int) throws(BenchError) {
        guard !samples.isEmpty else { throw BenchError("\(name): no samples") }
        samples.sort()
        let n = samples.count
        let p99Index = max((99 * n + 99) / 100 - 1, 0)
        let sum = samples.reduce(0.0) { $0 + Double($1) }
        print(
            "RESULT name=\(name) size=\(size) n=\(n) median_ns=\(samples[n / 2]) p99_ns=\(samples[p99Index])"
                + " mean_ns=\(Int((sum / Double(n)).rounded())) min_ns=\(samples[0])"
        )
    }

    @inline(__always) private func now() -> UInt64 { zcipc_bench_now_ns() }
}

/// Monotonic time in nanoseconds (the clock the baselines use).
@inline(__always) public func monotonicNanoseconds() -> UInt64 { zcipc_bench_now_ns() }

/// A spin-wait hint for busy-polling loops.
@inline(__always) public func cpuRelax() { zcipc_bench_cpu_relax() }

/// Pins the calling process to `cpu` when the machine has more than one CPU.
public func pinToCPU(_ cpu: Int32) throws(BenchError) {
    let error = zcipc_bench_pin(cpu)
    guard error == 0 else { throw BenchError("sched_setaffinity(\(cpu)) failed: errno \(error)") }
}
