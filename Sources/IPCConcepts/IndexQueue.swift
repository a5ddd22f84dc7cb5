import Synchronization

/// A bounded, lock-free queue of 64-bit values in shared memory: one producer, one consumer, and the producer may
/// also take the oldest value to make room (safe overflow).
///
/// Layout (offsets from `base`): `head` in the consumer's line at 0, `tail` and the producer's cached copy of
/// `head` in the producer's line at 64, then `capacity` slots of 16 bytes: the value, and a word whose low 32 bits
/// are the sequence number `index + 1` that marks it as published (truncated: a consumer is never 2³² positions
/// behind) and whose high 32 bits carry an acknowledgement the producer attaches (see below). The consumer finds a
/// value by looking at its slot alone, and the producer looks at `head` only when its cached copy says "full"
/// (indices only grow, so the copy only lags and every decision taken on it is conservative): a push and a pop move
/// one slot line between the processes and nothing else. The ring has a power-of-two number of slots (at least
/// `capacity`), so that a position becomes a slot with a mask instead of a division; the queue still holds at most
/// `capacity` values.
///
/// Acknowledgements keep `head` out of the steady state of two queues that run in opposite directions between the
/// same two processes (requests one way, responses the other): each side attaches its ``acknowledgement`` as the
/// consumer of the one queue to what it pushes into the other, and the receiving side hands it to
/// ``consumerReached(_:)`` of the queue it produces into. A producer then learns the consumer's progress from a line
/// it reads anyway, instead of reading the consumer's line (a cache-line transfer on every "full", and one more for
/// the consumer, whose next pop must take its line back).
///
/// The consumer and the overflowing producer both advance `head` with compare-and-swap, so each value is taken
/// exactly once; a value is read before the swap that claims it, and a slot is only rewritten after `head` has
/// moved past it. No lock, so a process that dies mid-operation cannot block the other side.
///
/// A producer may also tell the consumer about a value through another line the consumer watches (``reserve()``,
/// announce, ``publish(_:at:acknowledgement:)``); the consumer then takes that position with ``claim(_:)`` without
/// reading its slot, which the producer still writes for consumers that looked elsewhere.
public struct IndexQueue {
    /// The queue's first byte inside the mapping.
    public let base: UnsafeMutableRawPointer
    /// The most values the queue holds.
    public let capacity: UInt64
    /// The number of ring slots minus one.
    @usableFromInline let mask: UInt64

    /// Views a queue at `base` holding up to `capacity` values (the memory must be zeroed or previously
    /// initialised by a queue of the same capacity).
    @inlinable
    public init(base: UnsafeMutableRawPointer, capacity: Int) {
        self.base = base
        self.capacity = UInt64(capacity)
        mask = UInt64(Self.ringSlots(capacity: capacity) - 1)
    }

    /// Views a queue whose ring mask was computed before (``ringSlots(capacity:)`` minus one).
    @inlinable @inline(__always)
    public init(base: UnsafeMutableRawPointer, capacity: Int, mask: UInt64) {
        self.base = base
        self.capacity = UInt64(capacity)
        self.mask = mask
    }

    /// The number of ring slots for `capacity` values: the next power of two.
    @inlinable
    public static func ringSlots(capacity: Int) -> Int {
        capacity <= 1 ? 1 : 1 << (Int.bitWidth - (capacity - 1).leadingZeroBitCount)
    }

    /// The bytes a queue of `capacity` values occupies, a multiple of 64.
    @inlinable
    public static func byteSize(capacity: Int) -> Int { 128 + alignUp(ringSlots(capacity: capacity) * 16, to: 64) }

    @inlinable @inline(__always) var head: UnsafeMutablePointer<Atomic<UInt64>> {
        base.assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    @inlinable @inline(__always) var tail: UnsafeMutablePointer<Atomic<UInt64>> {
        (base + 64).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    @inlinable @inline(__always) var producerHead: UnsafeMutablePointer<Atomic<UInt64>> {
        (base + 72).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    @inlinable @inline(__always) func value(_ index: UInt64) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + 128 + Int(index & mask) &* 16).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    @inlinable @inline(__always) func sequence(_ index: UInt64) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + 136 + Int(index & mask) &* 16).assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    /// Empties the queue. Only valid while neither side uses it (connection set-up). Old slots keep sequence
    /// numbers of earlier indices, which never match an index from here on.
    @inlinable
    public func reset() {
        let position = tail.pointee.load(ordering: .acquiring)
        head.pointee.store(position, ordering: .releasing)
        producerHead.pointee.store(position, ordering: .releasing)
    }

    /// Whether the queue has room, refreshing the producer's copy of `head` only when it says "full".
    @inlinable @inline(__always)
    func hasRoom(at position: UInt64) -> Bool {
        if position &- producerHead.pointee.load(ordering: .relaxed) < capacity { return true }
        let current = head.pointee.load(ordering: .acquiring)
        producerHead.pointee.store(current, ordering: .relaxed)
        return position &- current < capacity
    }

    /// Whether the slot word `word` marks the value of position `index` as published.
    @inlinable @inline(__always)
    static func isPublished(_ word: UInt64, at index: UInt64) -> Bool {
        UInt32(truncatingIfNeeded: word) == UInt32(truncatingIfNeeded: index &+ 1)
    }

    /// The position the next value will take when the queue has room (producer only): a producer that announces
    /// the value elsewhere first (see ``claim(_:)``) reserves the position, announces, then publishes
    /// (``publish(_:at:acknowledgement:)``).
    /// - Returns: `nil` when the queue is full.
    @inlinable @inline(__always)
    public func reserve() -> UInt64? {
        let position = tail.pointee.load(ordering: .relaxed)
        return hasRoom(at: position) ? position : nil
    }

    /// The position the next value will take, taking the oldest value out first when the queue is full (producer
    /// only; see ``reserve()``).
    /// - Returns: The position, and the value that was pushed out, if any; the caller owns it.
    @inlinable @inline(__always)
    public func reserveOverflowing() -> (position: UInt64, evicted: UInt64?) {
        var evicted: UInt64?
        let position = tail.pointee.load(ordering: .relaxed)
        if !hasRoom(at: position) {
            while position &- head.pointee.load(ordering: .acquiring) >= capacity {
                if let oldest = pop() {
                    evicted = oldest
                    break
                }
            }
            producerHead.pointee.store(head.pointee.load(ordering: .acquiring), ordering: .relaxed)
        }
        return (position, evicted)
    }

    /// Publishes `newValue` at the `position` that ``reserve()`` or ``reserveOverflowing()`` returned (producer
    /// only).
    @inlinable @inline(__always)
    public func publish(_ newValue: UInt64, at position: UInt64, acknowledgement: UInt32) {
        value(position).pointee.store(newValue, ordering: .relaxed)
        let word = UInt64(acknowledgement) << 32 | UInt64(UInt32(truncatingIfNeeded: position &+ 1))
        sequence(position).pointee.store(word, ordering: .releasing)
        tail.pointee.store(position &+ 1, ordering: .relaxed)
    }

    /// Appends a value (producer only).
    /// - Parameters:
    ///   - value: The value.
    ///   - acknowledgement: Handed to the consumer with the value (see the type's documentation).
    /// - Returns: `false` when the queue is full.
    @inlinable @inline(__always)
    public func push(_ value: UInt64, acknowledgement: UInt32 = 0) -> Bool {
        guard let position = reserve() else { return false }
        publish(value, at: position, acknowledgement: acknowledgement)
        return true
    }

    /// Appends a value, taking the oldest one out first when the queue is full (producer only).
    /// - Parameters:
    ///   - value: The value.
    ///   - acknowledgement: Handed to the consumer with the value (see the type's documentation).
    /// - Returns: The value that was pushed out, if any; the caller owns it.
    @inlinable @inline(__always)
    public func pushOverflowing(_ value: UInt64, acknowledgement: UInt32 = 0) -> UInt64? {
        let (position, evicted) = reserveOverflowing()
        publish(value, at: position, acknowledgement: acknowledgement)
        return evicted
    }

    /// Takes the oldest value (consumer, or producer making room).
    /// - Returns: The value, or `nil` when the queue is empty.
    @inlinable @inline(__always)
    public func pop() -> UInt64? { popAcknowledged()?.value }

    /// Takes the oldest value with the acknowledgement its producer attached (consumer, or producer making room).
    /// - Returns: The value and the acknowledgement, or `nil` when the queue is empty.
    @inlinable @inline(__always)
    public func popAcknowledged() -> (value: UInt64, acknowledgement: UInt32)? {
        while true {
            let first = head.pointee.load(ordering: .acquiring)
            let word = sequence(first).pointee.load(ordering: .acquiring)
            if !Self.isPublished(word, at: first) {
                // Not published yet, or another taker moved `head` on in the meantime: look again in that case.
                if head.pointee.load(ordering: .acquiring) == first { return nil }
                continue
            }
            let taken = value(first).pointee.load(ordering: .relaxed)
            if head.pointee.compareExchange(
                expected: first, desired: first &+ 1, ordering: .acquiringAndReleasing
            ).exchanged {
                return (taken, UInt32(truncatingIfNeeded: word >> 32))
            }
        }
    }

    /// The oldest value and its position, without taking it (consumer only): take it with ``claim(_:)``, which fails
    /// if the overflowing producer took it first (the value read may then be one it wrote since).
    /// - Returns: `nil` when the queue is empty.
    @inlinable @inline(__always)
    public func peek() -> (position: UInt64, value: UInt64)? {
        let first = head.pointee.load(ordering: .acquiring)
        guard Self.isPublished(sequence(first).pointee.load(ordering: .acquiring), at: first) else { return nil }
        return (first, value(first).pointee.load(ordering: .relaxed))
    }

    /// The position the consumer takes next (consumer only).
    @inlinable @inline(__always)
    public var nextPosition: UInt64 { head.pointee.load(ordering: .acquiring) }

    /// Takes the value at `position` without reading its slot, for a consumer that learned from elsewhere that the
    /// value there is published (consumer only): the producer announced it, see ``reserve()``.
    /// - Returns: `false` when `position` is no longer the oldest (the overflowing producer took it).
    @inlinable @inline(__always)
    public func claim(_ position: UInt64) -> Bool {
        head.pointee.compareExchange(expected: position, desired: position &+ 1, ordering: .acquiringAndReleasing)
            .exchanged
    }

    /// The consumer's progress, to attach to values pushed into the queue running the other way (consumer only).
    @inlinable @inline(__always)
    public var acknowledgement: UInt32 { UInt32(truncatingIfNeeded: head.pointee.load(ordering: .relaxed)) }

    /// Takes note of an ``acknowledgement`` of this queue's consumer that arrived through the other queue
    /// (producer only): the producer's copy of `head` moves up to it, so that a push finds room without reading
    /// `head`. An acknowledgement older than the copy changes nothing.
    @inlinable @inline(__always)
    public func consumerReached(_ acknowledgement: UInt32) {
        let position = tail.pointee.load(ordering: .relaxed)
        // How far the acknowledged head is behind `tail` (it is never 2³² behind).
        let behind = UInt64(UInt32(truncatingIfNeeded: position) &- acknowledgement)
        if behind < position &- producerHead.pointee.load(ordering: .relaxed) {
            producerHead.pointee.store(position &- behind, ordering: .relaxed)
        }
    }

    /// Takes the oldest value when the consumer is the only taker (the producer never uses
    /// ``pushOverflowing(_:)`` on this queue): a plain store instead of a compare-and-swap, so no locked
    /// instruction waits for the store buffer to drain.
    /// - Returns: The value, or `nil` when the queue is empty.
    @inlinable @inline(__always)
    public func popSoleTaker() -> UInt64? {
        guard let (position, taken) = peek() else { return nil }
        head.pointee.store(position &+ 1, ordering: .releasing)
        return taken
    }

    /// Whether the queue holds no value.
    /// Whether more than `count` values are queued (`count` less than the capacity): one look at the slot `count`
    /// places after the head, without reading `tail`, whose cache line the producer writes.
    @inlinable @inline(__always)
    public func holdsMore(than count: UInt64) -> Bool {
        let first = head.pointee.load(ordering: .acquiring)
        return Self.isPublished(sequence(first &+ count).pointee.load(ordering: .acquiring), at: first &+ count)
    }

    @inlinable @inline(__always)
    public var isEmpty: Bool {
        let first = head.pointee.load(ordering: .acquiring)
        return !Self.isPublished(sequence(first).pointee.load(ordering: .acquiring), at: first)
    }
}

/// Rounds `value` up to a multiple of `alignment` (a power of two).
@inlinable @inline(__always)
public func alignUp(_ value: Int, to alignment: Int) -> Int { (value + alignment - 1) & ~(alignment - 1) }
