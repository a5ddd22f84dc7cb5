import Dispatch
import IPCPlatform
import Synchronization

/// The words a WaitSet sleeps on, handed to a Dispatch thread. The buffers stay valid: the WaitSet that owns them
/// is alive for the whole `await`.
private struct WaitAnySleep: @unchecked Sendable {
    let words: UnsafeBufferPointer<UnsafeMutablePointer<UInt32>?>
    let expected: UnsafeBufferPointer<UInt32>
    let nanoseconds: Int64
}

extension WaitSet {
    private static let sleepers = DispatchQueue(label: "ZeroCopyIPC.waitset-sleepers", attributes: .concurrent)

    /// Sleeps on a Dispatch thread, never on a thread of Swift's cooperative pool; cancelling the task wakes the
    /// sleep through the signal word (every WaitSet of the process then looks once and sleeps again).
    private static func sleep(_ request: WaitAnySleep) async -> Futex.WaitAnyResult {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                sleepers.async {
                    continuation.resume(
                        returning: Futex.waitAny(
                            request.words, expected: request.expected, timeoutNanoseconds: request.nanoseconds))
                }
            }
        } onCancel: {
            signalWakeWord.pointee.wrappingAdd(1, ordering: .sequentiallyConsistent)
            Futex.wakeAll(signalWakeWord)
        }
    }

    /// ``waitAndProcess(_:)`` for Swift concurrency: the sleeps run on a Dispatch thread, so no thread of the
    /// cooperative pool is parked; the callback runs on the caller's executor.
    /// - Parameter body: Called once per ready attachment.
    /// - Returns: ``WaitSetRunResult/stopRequest``, ``WaitSetRunResult/interrupt``,
    ///   ``WaitSetRunResult/terminationRequest`` or ``WaitSetRunResult/cancelled``.
    /// - Throws: ``WaitSetRunError``.
    nonisolated(nonsending) public func waitAndProcessAsync(
        _ body: (WaitSetAttachmentId) -> CallbackProgression
    ) async throws(WaitSetRunError) -> WaitSetRunResult {
        while true {
            let result = try await waitAndProcessOnceAsync(timeout: Self.forever, body)
            if result != .allEventsHandled { return result }
        }
    }

    /// ``waitAndProcessOnce(timeout:_:)`` for Swift concurrency, without parking a thread of the cooperative pool.
    /// - Parameters:
    ///   - timeout: The longest wait.
    ///   - body: Called once per ready attachment.
    /// - Returns: ``WaitSetRunResult/allEventsHandled``, ``WaitSetRunResult/cancelled`` when the task was
    ///   cancelled, or how the run was ended.
    /// - Throws: ``WaitSetRunError``.
    nonisolated(nonsending) public func waitAndProcessOnceAsync(
        timeout: Duration, _ body: (WaitSetAttachmentId) -> CallbackProgression
    ) async throws(WaitSetRunError) -> WaitSetRunResult {
        if let ended = try begin() { return ended }
        defer { running = false }
        let end = ContinuousClock.now + timeout
        if !collectAfterSpin(end: end) {
            while true {
                if Task.isCancelled { return .cancelled }
                if let ended = signalResult() { return ended }
                guard let sleep = prepareSleep(end: end) else { break }
                let request = WaitAnySleep(
                    words: UnsafeBufferPointer(rebasing: sleepWords[0..<sleep.count]),
                    expected: UnsafeBufferPointer(rebasing: sleepExpected[0..<sleep.count]),
                    nanoseconds: sleep.nanoseconds)
                let result = await Self.sleep(request)
                if try finishSleep(result, sleep) { break }
            }
        }
        return deliver(body)
    }
}
