#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The Swift spin floor: the same ping-pong as the C floor (`shm_pingpong --mode spin-line`), written with
/// `Synchronization.Atomic` in a POSIX shared-memory object, between this process and a spawned server.
///
/// It shows what Swift itself costs against C, before any ZeroCopyIPC code is involved: the typed round trip of the
/// runtime is compared with both.
///
/// Layout (one cache line pair per direction, 128 bytes apart against adjacent-line prefetch):
/// offset 0 request sequence, 128 response sequence, 256 server ready, 384 stop.
public enum SpinFloor {
    static let regionSize = 4096

    @inline(__always) static func word(_ base: UnsafeMutableRawPointer, _ offset: Int) -> UnsafeMutablePointer<
        Atomic<UInt64>
    > {
        (base + offset).bindMemory(to: Atomic<UInt64>.self, capacity: 1)
    }

    /// The client side: owns the server process and the shared region.
    public struct Client: ~Copyable {
        private var region: SharedRegion
        private var server: ServerProcess?
        private let request: UnsafeMutablePointer<Atomic<UInt64>>
        private let response: UnsafeMutablePointer<Atomic<UInt64>>
        private let stopFlag: UnsafeMutablePointer<Atomic<UInt64>>

        /// Creates the region, spawns `executable subcommand --serve NAME` and waits until it has mapped it.
        public init(executable: String, subcommand: String) throws(BenchError) {
            let name = "/zcipc_bench_spin_\(getpid())"
            var region = try SharedRegion.create(name: name, size: SpinFloor.regionSize)
            let ready = SpinFloor.word(region.base, 256)
            let process = try ServerProcess(executable: executable, arguments: [subcommand, "--serve", name])
            let deadline = monotonicNanoseconds() + 10_000_000_000
            while ready.pointee.load(ordering: .acquiring) == 0 {
                guard monotonicNanoseconds() < deadline else {
                    process.kill()
                    throw BenchError("the spin floor server did not start within 10 s")
                }
                usleep(100)
            }
            region.unlink()
            try pinToCPU(0)
            request = SpinFloor.word(region.base, 0)
            response = SpinFloor.word(region.base, 128)
            stopFlag = SpinFloor.word(region.base, 384)
            self.region = region
            server = .some(process)
        }

        /// One round trip: publish `sequence`, spin until the server echoes it.
        @inline(__always) public func roundTrip(_ sequence: UInt64) {
            request.pointee.store(sequence, ordering: .releasing)
            while response.pointee.load(ordering: .acquiring) != sequence { cpuRelax() }
        }

        /// `count` round trips with sequence numbers after `sequence`; returns the last one sent.
        public func roundTrips(_ count: Int, after sequence: UInt64) -> UInt64 {
            var next = sequence
            for _ in 0..<count {
                next &+= 1
                roundTrip(next)
            }
            return next
        }

        /// Tells the server to exit and reaps it.
        public consuming func stop(after sequence: UInt64) throws(BenchError) {
            stopFlag.pointee.store(1, ordering: .relaxed)
            roundTrip(sequence + 1)
            try server.take()?.wait()
        }
    }

    /// The server side (`zcipc-bench swift-spin-line --serve NAME`): echoes every request until told to stop.
    public static func serve(name: String) throws(BenchError) {
        try pinToCPU(1)
        let region = try SharedRegion.open(name: name, size: regionSize)
        let request = word(region.base, 0)
        let response = word(region.base, 128)
        let stop = word(region.base, 384)
        word(region.base, 256).pointee.store(1, ordering: .releasing)
        var seen: UInt64 = 0
        while true {
            var value = request.pointee.load(ordering: .acquiring)
            while value == seen {
                cpuRelax()
                value = request.pointee.load(ordering: .acquiring)
            }
            seen = value
            let done = stop.pointee.load(ordering: .relaxed) != 0
            response.pointee.store(value, ordering: .releasing)
            if done { return }
        }
    }
}
