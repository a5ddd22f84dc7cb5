// Untyped, non-generic entry points of the request-response ports, for the C API: its callers know a payload only by
// the details recorded in the service, and hold each message as a plain ticket (no noncopyable message with a deinit,
// no generic message type whose metadata unspecialised code would look up per call). Each call does what the typed
// message's call of the same name does, on the same core functions, in the same order.

extension Client {
    /// The client's core for the untyped calls; valid while the client or a message it handed out is alive.
    package var rawPort: RawClientPort { RawClientPort(handle: .passUnretained(core)) }
}

extension Server {
    /// The server's core for the untyped calls; valid while the server or a message it handed out is alive.
    package var rawPort: RawServerPort { RawServerPort(handle: .passUnretained(core)) }
}

/// A loaned request: what `RequestMut` holds. Give it to exactly one of ``RawClientPort/send(_:)`` or
/// ``RawClientPort/drop(_:)``.
@_spi(Untyped) @frozen
public struct RawRequestLoan {
    @usableFromInline let ref: UInt64
    @usableFromInline let chunk: UnsafeMutableRawPointer
    /// The request's payload and user header.
    public let view: RawMessageView

    @inlinable @inline(__always)
    init(ref: UInt64, chunk: UnsafeMutableRawPointer, view: RawMessageView) {
        self.ref = ref
        self.chunk = chunk
        self.view = view
    }
}

/// A sent request waiting for responses: what `PendingResponse` holds. End it with ``RawClientPort/drop(_:)``.
@_spi(Untyped) @frozen
public struct RawPendingResponse {
    @usableFromInline let slot: Int
    @usableFromInline let requestId: UInt64

    @inlinable @inline(__always)
    init(slot: Int, requestId: UInt64) {
        self.slot = slot
        self.requestId = requestId
    }
}

/// A received response: what `Response` holds. End it with ``RawClientPort/drop(_:)``.
@_spi(Untyped) @frozen
public struct RawResponse {
    @usableFromInline let held: ClientCore.HeldResponse
    /// The response's payload and user header (read only).
    public let view: RawMessageView

    @inlinable @inline(__always)
    init(held: ClientCore.HeldResponse, view: RawMessageView) {
        self.held = held
        self.view = view
    }

    /// The response's header.
    public var header: ResponseHeader {
        ResponseHeader(
            serverId: held.received.serverPort, requestId: held.requestId, numberOfElements: held.received.count)
    }
}

/// A client's untyped calls (see ``Client/rawPort``).
@_spi(Untyped) @frozen
public struct RawClientPort {
    @usableFromInline let handle: Unmanaged<ClientCore>

    @inlinable @inline(__always)
    init(handle: Unmanaged<ClientCore>) { self.handle = handle }

    /// ``Client``'s `loanSlice`/`loanSliceUninit` (`loan` for a fixed payload, `count` 1).
    @inlinable @inline(__always)
    public func loan(count: Int, zeroed: Bool = true) throws(LoanError) -> RawRequestLoan {
        try handle.borrow { (core) throws(LoanError) in
            let (ref, chunk, payload) = try core.loan(count: count)
            if zeroed { core.zeroPayload(payload, count: count) }
            let bytes = core.requestLayout.bytes(chunk: chunk, payload: payload, count: count)
            return RawRequestLoan(ref: ref, chunk: chunk, view: RawMessageView(bytes))
        }
    }

    /// `RequestMut.send()`.
    @inlinable @inline(__always)
    public func send(_ loan: RawRequestLoan) throws(SendError) -> RawPendingResponse {
        let (ref, chunk) = (loan.ref, loan.chunk)
        do {
            // The message lives on as the pending response.
            let (slot, requestId) = try handle.borrow { (core) throws(SendError) in try core.send(ref, chunk: chunk) }
            return RawPendingResponse(slot: slot, requestId: requestId)
        } catch {
            handle.endMessage { $0.messageEnded() }
            throw error
        }
    }

    /// Dropping an unsent `RequestMut`.
    @inlinable @inline(__always)
    public func drop(_ loan: RawRequestLoan) {
        let ticket = LoanTicket(ref: loan.ref)
        handle.endMessage { $0.dropLoan(ticket) }
    }

    /// `PendingResponse.receive()`.
    @inlinable @inline(__always)
    public func receive(_ pending: RawPendingResponse) throws(ReceiveError) -> RawResponse? {
        try handle.borrow { (core) throws(ReceiveError) in
            guard let received = try core.receive(slot: pending.slot, requestId: pending.requestId) else { return nil }
            return response(received, of: pending, core)
        }
    }

    /// `PendingResponse.receive(timeout:)`.
    public func receive(_ pending: RawPendingResponse, timeout: Duration) throws(ReceiveError) -> RawResponse? {
        if let response = try receive(pending) { return response }
        let (slot, requestId) = (pending.slot, pending.requestId)
        var taken: Result<ClientCore.Received, ReceiveError>?
        let core = handle.takeUnretainedValue()
        _ = core.wait(timeout: timeout) { core.takeResponse(slot: slot, requestId: requestId, into: &taken) }
        // After a wait that ended without one, a last look (a response can arrive with the last server's leaving).
        guard let taken else { return try receive(pending) }
        return response(try taken.get(), of: pending, core)
    }

    @inlinable @inline(__always)
    func response(_ received: ClientCore.Received, of pending: RawPendingResponse, _ core: ClientCore)
        -> RawResponse
    {
        let held = ClientCore.HeldResponse(received, slot: pending.slot, requestId: pending.requestId)
        return RawResponse(held: held, view: RawMessageView(core.bytes(of: held)))
    }

    /// `PendingResponse.isConnected`.
    public func isConnected(_ pending: RawPendingResponse) -> Bool {
        handle.borrow { core in
            core.checkForDeadServersOccasionally()
            return core.connectedServers(slot: pending.slot, requestId: pending.requestId) > 0
        }
    }

    /// Dropping a `PendingResponse`.
    @inlinable @inline(__always)
    public func drop(_ pending: RawPendingResponse) {
        handle.endMessage { $0.dropPending(slot: pending.slot, requestId: pending.requestId) }
    }

    /// Dropping a `Response`.
    @inlinable @inline(__always)
    public func drop(_ response: RawResponse) {
        let held = response.held
        handle.endMessage { $0.release(held) }
    }
}

/// A received request: what `ActiveRequest` holds. End it with ``RawServerPort/drop(_:)``.
@_spi(Untyped) @frozen
public struct RawActiveRequest {
    @usableFromInline let received: ServerCore.Received
    /// The request's payload and user header (read only).
    public let view: RawMessageView

    @inlinable @inline(__always)
    init(received: ServerCore.Received, view: RawMessageView) {
        self.received = received
        self.view = view
    }

    /// The request's header.
    public var header: RequestHeader {
        RequestHeader(clientId: received.clientPort, requestId: received.requestId, numberOfElements: received.count)
    }
}

/// A loaned response: what `ResponseMut` holds. Give it to exactly one of ``RawServerPort/send(_:)`` or
/// ``RawServerPort/drop(_:)``.
@_spi(Untyped) @frozen
public struct RawResponseLoan {
    @usableFromInline let ticket: LoanTicket
    @usableFromInline let chunk: UnsafeMutableRawPointer
    /// The response's payload and user header.
    public let view: RawMessageView

    @inlinable @inline(__always)
    init(ticket: LoanTicket, chunk: UnsafeMutableRawPointer, view: RawMessageView) {
        self.ticket = ticket
        self.chunk = chunk
        self.view = view
    }
}

/// A server's untyped calls (see ``Server/rawPort``).
@_spi(Untyped) @frozen
public struct RawServerPort {
    @usableFromInline let handle: Unmanaged<ServerCore>

    @inlinable @inline(__always)
    init(handle: Unmanaged<ServerCore>) { self.handle = handle }

    /// `Server.receive()`.
    @inlinable @inline(__always)
    public func receive() -> RawActiveRequest? {
        handle.borrow { core in
            guard let received = core.receive() else { return nil }
            return RawActiveRequest(received: received, view: RawMessageView(core.bytes(of: received)))
        }
    }

    /// `Server.receive(timeout:)`.
    public func receive(timeout: Duration) -> RawActiveRequest? {
        if let request = receive() { return request }
        let core = handle.takeUnretainedValue()
        var received: ServerCore.Received?
        _ = core.wait(timeout: timeout) {
            received = core.receive()
            return received != nil
        }
        guard let received else { return nil }
        return RawActiveRequest(received: received, view: RawMessageView(core.bytes(of: received)))
    }

    /// `ActiveRequest.isConnected`.
    public func isConnected(_ request: RawActiveRequest) -> Bool {
        let received = request.received
        return handle.borrow { core in
            core.isConnected(
                client: received.client, clientPort: received.clientPort, slot: received.slot,
                requestId: received.requestId)
        }
    }

    /// `ActiveRequest`'s `loanSlice`/`loanSliceUninit` (`loan` for a fixed payload, `count` 1).
    @inlinable @inline(__always)
    public func loan(for request: RawActiveRequest, count: Int, zeroed: Bool = true) throws(LoanError)
        -> RawResponseLoan
    {
        let received = request.received
        // Not `borrow`: its `Result` (the error holds a string) is destroyed here through a merged outlined
        // function that calls `Result`'s generic value witness, about 100 instructions per loan. The loan comes
        // out as a plain optional instead, and the error on the side.
        var failure: LoanError?
        let loan: RawResponseLoan? = handle._withUnsafeGuaranteedRef { core in
            do throws(LoanError) {
                let (ticket, bytes) = try core.loanResponse(to: received, count: count, zeroed: zeroed)
                return RawResponseLoan(ticket: ticket, chunk: bytes.chunk, view: RawMessageView(bytes))
            } catch {
                failure = error
                return nil
            }
        }
        if let loan { return loan }
        throw failure!
    }

    /// `ResponseMut.send()`.
    @inlinable @inline(__always)
    public func send(_ loan: RawResponseLoan) throws(SendError) {
        let (ticket, chunk) = (loan.ticket, loan.chunk)
        // Sent or not, the loan ends here.
        defer { handle.endMessage { $0.messageEnded() } }
        try handle.borrow { (core) throws(SendError) in try core.send(ticket, chunk: chunk) }
    }

    /// Dropping an unsent `ResponseMut`.
    @inlinable @inline(__always)
    public func drop(_ loan: RawResponseLoan) {
        let ticket = loan.ticket
        handle.endMessage { $0.dropLoan(ticket) }
    }

    /// Dropping an `ActiveRequest` (ends its response stream).
    @inlinable @inline(__always)
    public func drop(_ request: RawActiveRequest) {
        let received = request.received
        handle.endMessage { $0.release(received) }
    }
}
