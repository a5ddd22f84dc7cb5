import CShim

/// Starts fetching the cache line at `address` into this CPU's cache and returns at once.
///
/// Used where the next line a port will read is known before the value that proves it is needed arrives, so that two
/// cache-line transfers from the other process overlap instead of following each other. A hint only: it never
/// faults (any address is fine) and never changes what a later read sees.
@inlinable @inline(__always)
package func prefetchCacheLine(_ address: UnsafeRawPointer) {
    cipc_prefetch(address)
}
