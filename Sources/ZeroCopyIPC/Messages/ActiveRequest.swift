/// A received request, read in place in the client's shared memory (see ``ReceivedMessage``). Send any number of
/// responses through it (a stream); dropping it ends the stream and returns the request's memory.
@frozen
public struct ActiveRequest<RequestPayload: ServicePayload, ResponsePayload: ServicePayload>: ~Copyable,
    ReceivedMessage
{
    /// The request payload.
    public typealias Payload = RequestPayload

    @usableFromInline let held: ReceivedRequest

    @inlinable @inline(__always)
    init(core: ServerCore, request: ServerCore.Received) {
        held = ReceivedRequest(handle: .passUnretained(core), message: request)
    }

    @inlinable @inline(__always) var core: ServerCore { held.handle.takeUnretainedValue() }
    @inlinable @inline(__always) var request: ServerCore.Received { held.message }

    /// Where the request lies in shared memory (the runtime's view).
    @inlinable @inline(__always)
    public var messageBytes: MessageBytes { held.bytes }

    /// The request's header: client id, request id, element count.
    public var header: RequestHeader {
        RequestHeader(clientId: request.clientPort, requestId: request.requestId, numberOfElements: request.count)
    }

    /// Whether the client still waits for responses (its `PendingResponse` is alive and the client is connected).
    public var isConnected: Bool {
        core.isConnected(
            client: request.client, clientPort: request.clientPort, slot: request.slot, requestId: request.requestId)
    }

    /// Whether the client asked to stop responding.
    public var hasDisconnectHint: Bool {
        core.hasDisconnectHint(
            client: request.client, clientPort: request.clientPort, slot: request.slot, requestId: request.requestId)
    }

    @inlinable @inline(__always)
    func makeLoan(count: Int, zeroed: Bool) throws(LoanError) -> ResponseMut<ResponsePayload> {
        let request = self.request
        let handle = held.handle
        let (ticket, bytes) = try handle.borrow { (core) throws(LoanError) in
            try core.loanResponse(to: request, count: count, zeroed: zeroed)
        }
        return ResponseMut(loan: Loan(handle: handle, ticket: ticket, bytes: bytes))
    }
}

extension ActiveRequest where ResponsePayload: ZeroCopySend {
    /// Loans a response whose payload is all zero bytes.
    /// - Returns: The response, to fill in place and send.
    /// - Throws: ``LoanError/exceedsMaxLoans(limit:)`` at `maxLoanedResponsesPerRequest`.
    @inlinable @inline(__always)
    public func loan() throws(LoanError) -> ResponseMut<ResponsePayload> { try makeLoan(count: 1, zeroed: true) }

    /// Loans a response without initialising it.
    /// - Returns: The uninitialised response.
    /// - Throws: ``LoanError``.
    @inlinable @inline(__always)
    public func loanUninit() throws(LoanError) -> ResponseMutUninit<ResponsePayload> {
        UninitializedLoan(try makeLoan(count: 1, zeroed: false))
    }

    /// Copies `value` into a new response and sends it.
    /// - Parameter value: The payload.
    /// - Throws: ``SendError``.
    @inlinable @inline(__always)
    public func sendCopy(_ value: ResponsePayload) throws(SendError) {
        let response: ResponseMutUninit<ResponsePayload>
        do { response = try loanUninit() } catch { throw .loanFailed(error) }
        try response.write(value).send()
    }
}

extension ActiveRequest where ResponsePayload: SlicePayload {
    /// Loans a response of `count` zeroed elements, growing memory per the server's allocation strategy.
    /// - Parameter count: The number of elements.
    /// - Returns: The response.
    /// - Throws: ``LoanError``.
    @inlinable @inline(__always)
    public func loanSlice(_ count: Int) throws(LoanError) -> ResponseMut<ResponsePayload> {
        try makeLoan(count: count, zeroed: true)
    }

    /// Loans a response of `count` uninitialised elements.
    /// - Parameter count: The number of elements.
    /// - Returns: The uninitialised response.
    /// - Throws: ``LoanError``.
    @inlinable @inline(__always)
    public func loanSliceUninit(_ count: Int) throws(LoanError) -> ResponseMutUninit<ResponsePayload> {
        UninitializedLoan(try makeLoan(count: count, zeroed: false))
    }

    /// Copies `elements` into a new response and sends it.
    /// - Parameter elements: The elements.
    /// - Throws: ``SendError``.
    @inlinable @inline(__always)
    public func sendCopy(_ elements: [ResponsePayload.PayloadElement]) throws(SendError) {
        let response: ResponseMutUninit<ResponsePayload>
        do { response = try loanSliceUninit(elements.count) } catch { throw .loanFailed(error) }
        try response.write(from: elements).send()
    }
}

/// Owns a received request and returns it when dropped. Not generic, so that code which drops an `ActiveRequest`
/// without being specialised calls this deinit directly instead of looking up the generic type's metadata.
@usableFromInline
struct ReceivedRequest: ~Copyable {
    @usableFromInline let handle: Unmanaged<ServerCore>
    @usableFromInline let message: ServerCore.Received

    @inlinable @inline(__always)
    init(handle: Unmanaged<ServerCore>, message: ServerCore.Received) {
        self.handle = handle
        self.message = message
    }

    @inlinable
    deinit {
        let message = self.message
        handle.endMessage { $0.release(message) }
    }

    @inlinable @inline(__always)
    var bytes: MessageBytes { handle.borrow { $0.bytes(of: message) } }
}

extension ServerCore {
    @inlinable @inline(__always)
    func bytes(of request: Received) -> MessageBytes {
        requestLayout.bytes(chunk: request.chunk, payload: request.payload, count: request.count)
    }
}
