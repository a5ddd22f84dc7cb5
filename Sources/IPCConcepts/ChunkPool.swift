/// The free list of a data segment's chunks, kept in the owning process only.
///
/// Only the port that owns a data segment hands out its chunks; other processes give them back through return
/// queues. So the allocator needs no shared state and no atomics, and a crashed peer can never corrupt it.
/// All storage is allocated up front: `allocate` and `release` never touch the heap. The owner calls
/// ``deallocate()`` once.
public struct ChunkPool {
    @usableFromInline let free: FixedBuffer<UInt32>
    @usableFromInline let top: FixedBuffer<Int>
    /// The number of chunks in the pool.
    public let count: Int

    /// A pool with every chunk free.
    /// - Parameter count: The number of chunks.
    public init(count: Int) {
        self.count = count
        free = FixedBuffer(repeating: 0, count: count)
        for index in 0..<count { free[index] = UInt32(count - 1 - index) }
        top = FixedBuffer(repeating: count, count: 1)
    }

    /// Takes a free chunk.
    /// - Returns: The chunk index, or `nil` when every chunk is in use.
    @inlinable @inline(__always)
    public func allocate() -> UInt32? {
        let available = top[0]
        if available == 0 { return nil }
        top[0] = available - 1
        return free[available - 1]
    }

    /// The chunk the next ``allocate()`` returns if nothing is released before it, or `UInt32.max` when none is free.
    @inlinable @inline(__always)
    public var next: UInt32 {
        let available = top[0]
        return available == 0 ? .max : free[available - 1]
    }

    /// Gives a chunk back.
    /// - Parameter chunk: The chunk index.
    @inlinable @inline(__always)
    public func release(_ chunk: UInt32) {
        free[top[0]] = chunk
        top[0] += 1
    }

    /// The number of free chunks.
    @inlinable
    public var freeCount: Int { top[0] }

    /// Whether every chunk is free.
    @inlinable
    public var isUnused: Bool { top[0] == count }

    /// Frees the bookkeeping.
    public func deallocate() {
        free.deallocate()
        top.deallocate()
    }
}
