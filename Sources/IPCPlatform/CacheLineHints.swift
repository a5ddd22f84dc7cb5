import CShim

/// Hints that change how fast cache lines move between the CPUs of two processes, never what a read sees. None of
/// them faults: any address is fine.
package enum CacheLineHints {
    /// Starts fetching the line at `address` for reading and returns at once.
    ///
    /// For a receiver that knows the next line it will read before the value that proves it is needed arrives, so
    /// that two transfers from the other process overlap instead of following each other.
    @inlinable @inline(__always)
    package static func prefetch(_ address: UnsafeRawPointer) {
        cipc_prefetch(address)
    }

    /// Starts taking the line at `address` for writing and returns at once, so that a store to it soon after finds
    /// the line already owned instead of waiting for the other CPU to give it up.
    @inlinable @inline(__always)
    package static func prefetchForWriting(_ address: UnsafeRawPointer) {
        cipc_prefetch_for_writing(address)
    }

    /// Moves the line at `address`, just written, from this CPU's private caches to the shared last-level cache, where
    /// another CPU's read finds it without a round trip to this one (x86 CLDEMOTE; nothing where ``canDemote`` is
    /// false).
    @inlinable @inline(__always)
    package static func demote(_ address: UnsafeRawPointer) {
        cipc_demote(address)
    }

    /// Whether this CPU implements ``demote(_:)``.
    package static let canDemote = cipc_cpu_has_cldemote() != 0
}
