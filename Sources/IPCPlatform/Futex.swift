import CShim
import Synchronization

/// Waiting and waking on a 32-bit word in shared memory, across processes.
///
/// The corresponding system call is `futex(FUTEX_WAIT / FUTEX_WAKE)` (non-private, so it works on shared mappings).
package enum Futex {
    /// The outcome of a wait.
    package enum WaitResult { case woken, valueChanged, timedOut, interrupted }

    /// Sleeps while the word equals `expected`.
    /// - Parameters:
    ///   - word: The word in shared memory.
    ///   - expected: The value that means "keep sleeping".
    ///   - timeoutNanoseconds: The longest wait; negative waits forever.
    /// - Returns: Why the wait ended.
    package static func wait(
        _ word: UnsafeMutablePointer<Atomic<UInt32>>, expected: UInt32, timeoutNanoseconds: Int64
    ) -> WaitResult {
        let rc = cipc_futex_wait(
            UnsafeMutableRawPointer(word).assumingMemoryBound(to: UInt32.self), expected,
            timeoutNanoseconds)
        switch rc {
        case 0: return .woken
        case -110: return .timedOut  // ETIMEDOUT
        case -4: return .interrupted  // EINTR
        default: return .valueChanged  // EAGAIN
        }
    }

    /// Wakes every process sleeping on the word.
    /// - Parameter word: The word in shared memory.
    package static func wakeAll(_ word: UnsafeMutablePointer<Atomic<UInt32>>) {
        _ = cipc_futex_wake(UnsafeMutableRawPointer(word).assumingMemoryBound(to: UInt32.self), Int32.max)
    }
}
