import Glibc
import IPCConcepts
import Synchronization

/// The event pattern's part of a service segment, after the port tables: the time of the last notification (for
/// the deadline) on its own cache line, then one bitset per listener slot with a pending bit per event id.
///
/// A notifier sets a listener's bit with one atomic OR and wakes the listener's futex word only when the listener
/// sleeps (``PortSlot/notify()``), so a notification costs no system call while nobody waits. A listener takes all
/// its bits with one atomic exchange per 64 ids: each pending id is handed over once.
struct EventArea {
    let base: UnsafeMutableRawPointer
    /// 64-bit words per listener.
    let words: Int
    /// Bytes from one listener's bitset to the next (a multiple of a cache line).
    let stride: Int

    init(segment: ServiceSegment, eventIdMaxValue: Int) {
        base = segment.patternArea
        words = Self.words(eventIdMaxValue)
        stride = Self.bitsetStride(eventIdMaxValue)
    }

    static func words(_ eventIdMaxValue: Int) -> Int { (eventIdMaxValue + 64) / 64 }
    static func bitsetStride(_ eventIdMaxValue: Int) -> Int { alignUp(words(eventIdMaxValue) * 8, to: 64) }
    static func size(listeners: Int, eventIdMaxValue: Int) -> Int {
        64 + listeners * bitsetStride(eventIdMaxValue)
    }

    /// When the last notification was sent (``now()``); the creator sets it to the creation time.
    var lastNotification: UnsafeMutablePointer<Atomic<UInt64>> { base.assumingMemoryBound(to: Atomic<UInt64>.self) }

    /// Word `index` of the pending bits of listener slot `listener`.
    @inline(__always)
    func word(listener: Int, _ index: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + 64 + listener * stride + index * 8).assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    /// Marks `id` pending for listener slot `listener`.
    @inline(__always)
    func set(_ id: Int, listener: Int) {
        word(listener: listener, id >> 6).pointee.bitwiseOr(1 << UInt64(id & 63), ordering: .releasing)
    }

    /// Clears every pending bit of listener slot `listener`.
    func clear(listener: Int) {
        for index in 0..<words { word(listener: listener, index).pointee.store(0, ordering: .sequentiallyConsistent) }
    }

    /// Whether listener slot `listener` has a pending id.
    @inline(__always)
    func hasPending(listener: Int) -> Bool {
        for index in 0..<words where word(listener: listener, index).pointee.load(ordering: .acquiring) != 0 {
            return true
        }
        return false
    }

    /// Takes every pending id of listener slot `listener`, in increasing order.
    @inline(__always)
    func takeAll(listener: Int, _ body: (EventId) -> Void) {
        for index in 0..<words {
            let pointer = word(listener: listener, index)
            guard pointer.pointee.load(ordering: .relaxed) != 0 else { continue }
            var bits = pointer.pointee.exchange(0, ordering: .acquiringAndReleasing)
            while bits != 0 {
                body(EventId(index << 6 | bits.trailingZeroBitCount))
                bits &= bits &- 1
            }
        }
    }

    /// Takes the lowest pending id of listener slot `listener`, if any.
    func takeOne(listener: Int) -> EventId? {
        for index in 0..<words {
            let pointer = word(listener: listener, index)
            var bits = pointer.pointee.load(ordering: .relaxed)
            while bits != 0 {
                let lowest = bits & (~bits &+ 1)
                let (exchanged, found) = pointer.pointee.compareExchange(
                    expected: bits, desired: bits & ~lowest, ordering: .acquiringAndReleasing)
                if exchanged { return EventId(index << 6 | lowest.trailingZeroBitCount) }
                bits = found
            }
        }
        return nil
    }

    /// Nanoseconds of the monotonic clock, which every process on the machine shares.
    @inline(__always)
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }
}
