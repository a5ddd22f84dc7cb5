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

    /// The most words one ``waitAny(_:expected:timeoutNanoseconds:)`` watches (the kernel's `FUTEX_WAITV_MAX`).
    package static let maxWaitAnyWords = 128

    /// The outcome of a wait on many words.
    package enum WaitAnyResult: Equatable {
        case woken(index: Int), valueChanged, timedOut, interrupted
        /// The kernel refused the call: `ENOSYS` (older than Linux 5.16, or a seccomp filter that forbids it) or
        /// another errno, returned instead of trapping so that the caller can report it as a typed error.
        case unsupported(errno: Int32)
    }

    /// Whether this kernel runs `futex_waitv`: probed once, with a word whose value differs from the expected one
    /// (the kernel answers `EAGAIN` without sleeping).
    package static let isWaitAnyAvailable: Bool = {
        let word = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
        defer { word.deallocate() }
        word.initialize(to: 1)
        var words: [UnsafeMutablePointer<UInt32>?] = [word]
        var expected: [UInt32] = [0]
        let rc = cipc_futex_waitv(&words, &expected, 1, 0)
        return rc != -38  // ENOSYS
    }()

    /// Sleeps while every word equals its expected value, until one is woken or differs.
    ///
    /// The corresponding system call is `futex_waitv` (Linux 5.16 and later), with shared 32-bit futexes.
    /// - Parameters:
    ///   - words: Pointers to the words, at most ``maxWaitAnyWords``; `expected` has one value per word.
    ///   - expected: The values that mean "keep sleeping".
    ///   - timeoutNanoseconds: The longest wait; negative waits forever.
    /// - Returns: Why the wait ended.
    package static func waitAny(
        _ words: UnsafeBufferPointer<UnsafeMutablePointer<UInt32>?>, expected: UnsafeBufferPointer<UInt32>,
        timeoutNanoseconds: Int64
    ) -> WaitAnyResult {
        precondition(
            words.count == expected.count && words.count >= 1 && words.count <= maxWaitAnyWords,
            "Futex.waitAny: 1...128 words, one expected value each")
        let rc = cipc_futex_waitv(words.baseAddress!, expected.baseAddress!, Int32(words.count), timeoutNanoseconds)
        switch rc {
        case 0...: return .woken(index: Int(rc))
        case -110: return .timedOut  // ETIMEDOUT
        case -4: return .interrupted  // EINTR
        case -11: return .valueChanged  // EAGAIN
        default: return .unsupported(errno: -rc)
        }
    }
}
