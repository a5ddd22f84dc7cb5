/// Receives requests from every connected client and answers each through its ``ActiveRequest``.
///
/// ```swift
/// let server = try service.serverBuilder().create()
/// while let request = server.receive() {
///     try request.sendCopy(Answer(value: request.payload.value * 2))
/// }
/// ```
/// A server and the messages it hands out are used from one thread at a time. It stays registered until it and every
/// message it handed out are gone. Requests a client sent before it left are still received (answers to them throw
/// ``SendError/connectionClosed``).
public final class Server<RequestPayload: ServicePayload, ResponsePayload: ServicePayload> {
    @usableFromInline let core: ServerCore

    init(core: ServerCore) { self.core = core }

    deinit { core.portDropped() }

    /// The server's unique port id (``Response/origin`` of its responses).
    public var id: UInt64 { core.port }
    /// The longest response slice a loan gets without growing.
    public var currentMaxSliceLen: Int { core.sender.memory.currentCapacity }
    /// The number of data segments the server owns now.
    public var numberOfDataSegments: Int { core.sender.memory.segmentCount }

    /// Takes the next request, if any.
    /// - Returns: The request, or `nil` when none is queued.
    @inlinable @inline(__always)
    public func receive() -> ActiveRequest<RequestPayload, ResponsePayload>? {
        guard let received = core.receive() else { return nil }
        return ActiveRequest(core: core, request: received)
    }

    /// Waits for the next request without spinning: a short spin, then a futex that clients wake only while this
    /// server waits. An idle server uses no CPU.
    /// - Parameter timeout: The longest wait.
    /// - Returns: The request, or `nil` when the time passed.
    @inlinable @inline(__always)
    public func receive(timeout: Duration) -> ActiveRequest<RequestPayload, ResponsePayload>? {
        if let request = receive() { return request }
        var received: ServerCore.Received?
        _ = core.wait(timeout: timeout) { take(into: &received) }
        return request(from: received)
    }

    /// One look of a wait for a request: takes it into `received` and says whether the wait is over. Taking, not
    /// just checking for one, keeps a queued request that `receive` skips (cancelled) from ending the wait early.
    @inlinable @inline(__always)
    func take(into received: inout ServerCore.Received?) -> Bool {
        received = core.receive()
        return received != nil
    }

    /// The request a wait took, if any.
    @inlinable @inline(__always)
    func request(from received: ServerCore.Received?) -> ActiveRequest<RequestPayload, ResponsePayload>? {
        guard let received else { return nil }
        return ActiveRequest(core: core, request: received)
    }

    /// Whether a request is queued.
    @inlinable @inline(__always)
    public var hasRequests: Bool { core.hasRequests() }
}
