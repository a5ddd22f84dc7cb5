import Dispatch
import IPCPlatform
import Synchronization

/// The futex word a waiting thread sleeps on, handed across threads. The pointer stays valid: the port that owns
/// the slot's mapping outlives the `await` that uses it.
private struct FutexSleep: @unchecked Sendable {
    let word: UnsafeMutablePointer<Atomic<UInt32>>
    let expected: UInt32
    let nanoseconds: Int64
}

/// Waiting without blocking a thread of Swift's cooperative pool: the futex sleep runs on a Dispatch thread and
/// resumes the task when a sender wakes the port or the slice ends.
enum AsyncWaiting {
    private static let sleepers = DispatchQueue(label: "ZeroCopyIPC.futex-sleepers", attributes: .concurrent)

    private static func sleep(_ request: FutexSleep) async -> Futex.WaitResult {
        await withCheckedContinuation { continuation in
            sleepers.async {
                continuation.resume(
                    returning: Futex.wait(
                        request.word, expected: request.expected, timeoutNanoseconds: request.nanoseconds))
            }
        }
    }

    /// The async twin of `blockingWait`: a short spin, then futex sleeps in 100 ms slices (cleaning up dead nodes
    /// after each quiet slice) until `ready()` holds or `timeout` passes. Like `blockingWait`, it never calls `ready`
    /// again once it returned `true`.
    nonisolated(nonsending) static func wait(
        slot: PortSlot, names: Names, timeout: Duration, until ready: () -> Bool
    ) async -> Bool {
        guard let deadline = spinBriefly(timeout: timeout, until: ready) else { return true }
        slot.beginWaiting()
        defer { slot.endWaiting() }
        while true {
            let observed = slot.wake.pointee.load(ordering: .sequentiallyConsistent)
            if ready() { return true }
            let left = deadline - ContinuousClock.now
            if left <= .zero || Task.isCancelled { return false }
            let slice = min(left, .milliseconds(100))
            let nanoseconds = slice.components.seconds * 1_000_000_000 + slice.components.attoseconds / 1_000_000_000
            // After a quiet slice, look for work before cleaning up (see `blockingWait`).
            if await sleep(FutexSleep(word: slot.wake, expected: observed, nanoseconds: nanoseconds)) == .timedOut {
                if ready() { return true }
                DeadNodeCleanup.run(names: names)
            }
        }
    }
}

extension Server {
    /// Waits for the next request without blocking a thread: for Swift concurrency, where ``receive(timeout:)``
    /// would hold a thread of the cooperative pool. An idle server uses no CPU.
    ///
    /// `ActiveRequest` is noncopyable and `AsyncSequence` elements must be copyable, so loop with
    /// `while let request = await server.nextRequest(timeout: …)` instead of `for await`.
    /// - Parameter timeout: The longest wait.
    /// - Returns: The request, or `nil` when the time passed or the task was cancelled.
    nonisolated(nonsending) public func nextRequest(
        timeout: Duration
    ) async -> ActiveRequest<RequestPayload, ResponsePayload>? {
        if let request = receive() { return request }
        var received: ServerCore.Received?
        _ = await AsyncWaiting.wait(slot: core.slot, names: core.service.node.names, timeout: timeout) {
            take(into: &received)
        }
        return request(from: received)
    }
}

extension PendingResponse {
    /// Waits for the next response without blocking a thread: for Swift concurrency.
    ///
    /// Loop with `while let response = try await pending.nextResponse(timeout: …)`; it ends when no server holds
    /// the request any more and every response was taken.
    /// - Parameter timeout: The longest wait.
    /// - Returns: The response, or `nil` when the time passed, no server holds the request, or the task was
    ///   cancelled.
    /// - Throws: ``ReceiveError``.
    nonisolated(nonsending) public func nextResponse(
        timeout: Duration
    ) async throws(ReceiveError) -> Response<ResponsePayload>? {
        if let response = try receive() { return response }
        var taken: Result<ClientCore.Received, ReceiveError>?
        let (core, slot, requestId) = (core, slot, requestId)
        _ = await AsyncWaiting.wait(slot: core.slot, names: core.service.node.names, timeout: timeout) {
            core.takeResponse(slot: slot, requestId: requestId, into: &taken)
        }
        return try response(from: taken)
    }
}
