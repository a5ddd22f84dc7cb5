/// A sent request waiting for responses. Responses reach only the `PendingResponse` of their own request.
///
/// Dropping it tells the servers (their ``ActiveRequest/isConnected`` turns `false`) and discards responses not yet
/// received.
public struct PendingResponse<RequestPayload: ServicePayload, ResponsePayload: ServicePayload>: ~Copyable {
    @usableFromInline let handle: Unmanaged<ClientCore>
    @usableFromInline let slot: Int
    @usableFromInline let requestId: UInt64

    @inlinable @inline(__always)
    init(handle: Unmanaged<ClientCore>, slot: Int, requestId: UInt64) {
        self.handle = handle
        self.slot = slot
        self.requestId = requestId
    }

    @inlinable
    deinit {
        let (slot, requestId) = (self.slot, self.requestId)
        handle.endMessage { $0.dropPending(slot: slot, requestId: requestId) }
    }

    @inlinable @inline(__always) var core: ClientCore { handle.takeUnretainedValue() }

    /// The sent request's header.
    public var header: RequestHeader {
        RequestHeader(clientId: core.port, requestId: requestId, numberOfElements: 0)
    }

    /// Takes the next response, if one has arrived.
    /// - Returns: The response, or `nil`.
    /// - Throws: ``ReceiveError/exceedsMaxBorrows(limit:)`` when too many responses of this request are alive.
    @inlinable @inline(__always)
    public func receive() throws(ReceiveError) -> Response<ResponsePayload>? {
        let (slot, requestId) = (self.slot, self.requestId)
        guard
            let received = try handle.borrow({ (core) throws(ReceiveError) in
                try core.receive(slot: slot, requestId: requestId)
            })
        else { return nil }
        return Response(handle: handle, received: received, slot: slot, requestId: requestId)
    }

    /// Waits for the next response without spinning: a short spin, then a futex the server wakes.
    /// - Parameter timeout: The longest wait.
    /// - Returns: The response, or `nil` when the time passed or no server holds the request any more.
    /// - Throws: ``ReceiveError``.
    @inlinable @inline(__always)
    public func receive(timeout: Duration) throws(ReceiveError) -> Response<ResponsePayload>? {
        if let response = try receive() { return response }
        var taken: Result<ClientCore.Received, ReceiveError>?
        _ = core.wait(timeout: timeout) { core.takeResponse(slot: slot, requestId: requestId, into: &taken) }
        return try response(from: taken)
    }

    /// The response a wait took, if any; after a wait that ended without one, a last look (a response can arrive
    /// together with the last server's leaving).
    @inlinable @inline(__always)
    func response(
        from taken: Result<ClientCore.Received, ReceiveError>?
    ) throws(ReceiveError) -> Response<ResponsePayload>? {
        guard let taken else { return try receive() }
        return Response(handle: handle, received: try taken.get(), slot: slot, requestId: requestId)
    }

    /// Whether a response is waiting.
    @inlinable @inline(__always)
    public var hasResponse: Bool { core.hasResponse(slot: slot, requestId: requestId) }

    /// Whether some server still holds the request (`false` if none received it, or all ended their streams).
    public var isConnected: Bool { numberOfServerConnections > 0 }

    /// The number of servers that still hold the request. A killed server is noticed after cleanup, which this
    /// property also runs now and then (see ``Node/tryCleanupDeadNodes()``).
    public var numberOfServerConnections: Int {
        core.checkForDeadServersOccasionally()
        return core.connectedServers(slot: slot, requestId: requestId)
    }

    /// Asks the servers to stop responding (``ActiveRequest/hasDisconnectHint`` turns `true`).
    public func setDisconnectHint() { core.setDisconnectHint(slot: slot, requestId: requestId) }
}
