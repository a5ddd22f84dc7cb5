#if canImport(Glibc)
import Glibc
#endif
import BenchPayloads
import BenchSupport
import MallocInterposerSwift
import ZeroCopyIPC

/// How a side waits for the next message.
public enum WaitMode: String, Sendable {
    /// Busy-poll `receive()` (no syscall, one CPU spinning).
    case poll
    /// The runtime's blocking `receive(timeout:)` (a short spin, then a futex).
    case wait
}

/// Every benchmark node uses its own prefix, so that leak checks find exactly the benchmark's files and segments:
/// `zcipc_bench_`, or `ZCIPC_BENCH_PREFIX` (the smoke run takes one of its own, so that another benchmark running
/// on the machine at the same time is not mistaken for its leftovers).
public let benchConfig = Config(prefix: benchPrefix)

/// The prefix of the benchmark's files and segments (see ``benchConfig``).
public var benchPrefix: String {
    guard let value = getenv("ZCIPC_BENCH_PREFIX"), value.pointee != 0 else { return "zcipc_bench_" }
    return String(cString: value)
}

/// Sequence number that tells a server to answer once more and exit.
public let stopSequence = UInt64.max

func makeNode(_ role: String) throws(BenchError) -> Node {
    do {
        return try NodeBuilder().name("zcipc-bench-\(role)").config(benchConfig).create()
    } catch {
        throw BenchError("creating the \(role) node failed: \(error)")
    }
}

func serviceName(_ text: String) throws(BenchError) -> ServiceName {
    do { return try ServiceName(text) } catch { throw BenchError("service name '\(text)': \(error)") }
}

/// Polls `condition` every 100 µs for up to `seconds`.
func waitUntil(_ what: String, seconds: Double = 20, _ condition: () -> Bool) throws(BenchError) {
    let deadline = monotonicNanoseconds() + UInt64(seconds * 1e9)
    while !condition() {
        guard monotonicNanoseconds() < deadline else { throw BenchError("timed out waiting for \(what)") }
        usleep(100)
    }
}

nonisolated(unsafe) private var allocationSink: [UInt8] = []

/// Counts heap allocations with the ordo-one/benchmark harness's malloc interposer (linked into this process).
public struct AllocationCounter {
    public init() {}

    /// Resets the counters and starts counting.
    public func start() {
        MallocInterposerSwift.initialize()
        MallocInterposerSwift.hook()
    }

    /// Whether the interposer really sees this process's mallocs (it must be loaded before libc's malloc is bound):
    /// one counted `malloc` proves it, so that a zero in the results means zero and not "not counted".
    /// (A `malloc`/`free` pair would not do: the optimizer removes it. An array stored in a global escapes.)
    public static let isActive: Bool = {
        MallocInterposerSwift.initialize()
        MallocInterposerSwift.hook()
        allocationSink = [UInt8](repeating: 1, count: 1000)
        MallocInterposerSwift.unhook()
        allocationSink = []
        return MallocInterposerSwift.getStatistics().mallocCount > 0
    }()

    /// Stops counting; returns the mallocs (malloc, calloc, realloc, aligned variants) since `start()`.
    public func stop() -> Int {
        MallocInterposerSwift.unhook()
        return MallocInterposerSwift.getStatistics().mallocCount
    }
}

/// Prints `COUNT name=… what=heap_allocations_<side> value=<per round trip> how=…`.
public func reportAllocationsPerRoundTrip(name: String, side: String, count: Int, roundTrips: Int) {
    guard AllocationCounter.isActive else {
        print("COUNT name=\(name) what=heap_allocations_\(side) value=n/a how=malloc_interposer_not_active")
        return
    }
    let perRoundTrip = roundTrips > 0 ? Double(count) / Double(roundTrips) : 0
    let text = perRoundTrip == 0 ? "0" : String(perRoundTrip)
    print(
        "COUNT name=\(name) what=heap_allocations_\(side) value=\(text)"
            + " how=malloc-interposer:_\(count)_mallocs_in_\(roundTrips)_steady-state_round_trips")
}

/// A request/response payload that carries a sequence number (the generated types of BenchPayloads.ipcdef).
public protocol SequencedPayload: ZeroCopySend {
    /// The payload's size in bytes, as reported in the results.
    static var benchSize: Int { get }
    init()
    /// The sequence number, or a value that is no sequence number if the copies in the payload disagree.
    var sequence: UInt64 { get set }
    /// The byte offsets of the words that carry the sequence number (the first and last word of the payload).
    static var sequenceOffsets: [Int] { get }
}

/// How a typed round trip fills its loans.
public enum Filling: String, Sendable {
    /// The protocol of the baselines: an uninitialised loan, the sequence number written into the payload's first
    /// and last word in place, nothing else touched.
    case ends
    /// The whole value written with `write(_:)`, as an application that builds a complete value first would.
    case whole
}

extension Zcipc_Bench_Word: SequencedPayload {
    public static var benchSize: Int { 8 }
    public init() { self.init(value: 0) }
    public static let sequenceOffsets = [0]
    public var sequence: UInt64 {
        get { value }
        set { value = newValue }
    }
}

extension Zcipc_Bench_Block4K: SequencedPayload {
    public static var benchSize: Int { 4096 }
    public init() { self.init(first: 0, last: 0) }
    public static let sequenceOffsets = [
        MemoryLayout<Self>.offset(of: \.first)!, MemoryLayout<Self>.offset(of: \.last)!,
    ]
    /// Both ends of the block carry the sequence number; a torn block reads as `UInt64.max - 1`.
    public var sequence: UInt64 {
        get { first == last ? first : UInt64.max - 1 }
        set {
            first = newValue
            last = newValue
        }
    }
}
