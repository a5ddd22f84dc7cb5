import CShim

/// The hint for loops that spin on memory another process writes.
package enum Spin {
    /// One back-off step of a spin loop (x86 PAUSE, arm64 YIELD): the loop stops flooding the watched line with
    /// loads, and leaves without a pipeline flush when the other CPU's write arrives.
    @inlinable @inline(__always)
    package static func pause() {
        cipc_spin_pause()
    }
}
