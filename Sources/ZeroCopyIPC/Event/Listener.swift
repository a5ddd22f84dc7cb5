import Glibc

/// Waits for the event ids that the notifiers of an event service send.
///
/// ```swift
/// let listener = try service.listenerBuilder().create()
/// try listener.timedWaitAll(.seconds(1)) { id in print("event", id) }
/// ```
/// Every pending id is handed over once, however often it was notified since the last wait. An idle listener uses
/// no CPU: it sleeps on its futex word, which notifiers wake only while it sleeps. A listener is used from one thread
/// at a time.
public final class Listener {
    let core: ListenerCore

    init(core: ListenerCore) { self.core = core }

    /// The listener's unique port id.
    public var id: UInt64 { core.port }
    /// The service's deadline, if it has one (see ``WaitSet/attachDeadline(_:deadline:)``).
    public var deadline: Duration? { core.service.config.settings.deadline }
    /// Whether an event is pending.
    public var hasPendingEvents: Bool { core.hasPending() }

    /// Hands every pending id to `body`, in increasing order, without waiting.
    /// - Parameter body: Called once per pending id.
    public func tryWaitAll(_ body: (EventId) -> Void) { core.takeAll(body) }

    /// Takes the lowest pending id, without waiting.
    /// - Returns: The id, or `nil` when none is pending.
    public func tryWaitOne() -> EventId? { core.takeOne() }

    /// Every pending id, without waiting.
    /// - Returns: The ids in increasing order (empty when none is pending).
    public func tryWait() -> [EventId] {
        var ids: [EventId] = []
        core.takeAll { ids.append($0) }
        return ids
    }

    /// Waits until an event is pending or `timeout` passes, then hands every pending id to `body`.
    /// - Parameters:
    ///   - timeout: The longest wait.
    ///   - body: Called once per pending id.
    public func timedWaitAll(_ timeout: Duration, _ body: (EventId) -> Void) {
        if !core.hasPending() { _ = core.wait(timeout: timeout) }
        core.takeAll(body)
    }

    /// Waits until an event is pending or `timeout` passes.
    /// - Parameter timeout: The longest wait.
    /// - Returns: The lowest pending id, or `nil` when the time passed.
    public func timedWaitOne(_ timeout: Duration) -> EventId? {
        if let id = core.takeOne() { return id }
        _ = core.wait(timeout: timeout)
        return core.takeOne()
    }

    /// Waits until an event is pending or `timeout` passes.
    /// - Parameter timeout: The longest wait.
    /// - Returns: Every pending id, in increasing order (empty when the time passed).
    public func timedWait(_ timeout: Duration) -> [EventId] {
        var ids: [EventId] = []
        timedWaitAll(timeout) { ids.append($0) }
        return ids
    }

    /// Waits until an event is pending, then hands every pending id to `body`.
    /// - Parameter body: Called once per pending id.
    /// - Throws: ``NodeWaitError`` when SIGINT or SIGTERM arrived while waiting (with a node that handles them).
    public func blockingWaitAll(_ body: (EventId) -> Void) throws(NodeWaitError) {
        while !core.hasPending() {
            try checkSignals()
            _ = core.wait(timeout: .milliseconds(100))
        }
        core.takeAll(body)
    }

    /// Waits until an event is pending.
    /// - Returns: Every pending id, in increasing order (never empty).
    /// - Throws: ``NodeWaitError`` when SIGINT or SIGTERM arrived while waiting.
    public func blockingWait() throws(NodeWaitError) -> [EventId] {
        var ids: [EventId] = []
        try blockingWaitAll { ids.append($0) }
        return ids
    }

    /// Waits until an event is pending or `timeout` passes, without blocking a thread: for Swift concurrency.
    /// - Parameter timeout: The longest wait.
    /// - Returns: Every pending id, in increasing order (empty when the time passed or the task was cancelled).
    nonisolated(nonsending) public func nextEvents(timeout: Duration) async -> [EventId] {
        if !core.hasPending() {
            _ = await AsyncWaiting.wait(slot: core.slot, names: core.names, timeout: timeout) { core.hasPending() }
        }
        return tryWait()
    }
}

/// Throws the termination signal that arrived, if any.
func checkSignals() throws(NodeWaitError) {
    switch receivedSignal.load(ordering: .sequentiallyConsistent) {
    case SIGINT: throw .interrupt
    case SIGTERM: throw .terminationRequest
    default: break
    }
}
