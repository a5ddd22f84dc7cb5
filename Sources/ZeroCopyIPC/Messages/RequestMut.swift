/// A loaned request in shared memory: fill its payload in place (see ``LoanedMessage``), then ``send()`` it.
///
/// Dropping an unsent request gives its memory back. Noncopyable, so it can be sent only once.
@frozen
public struct RequestMut<RequestPayload: ServicePayload, ResponsePayload: ServicePayload>: ~Copyable, LoanedMessage {
    /// The request payload.
    public typealias Payload = RequestPayload

    @usableFromInline let loan: Loan<ClientCore>

    @inlinable @inline(__always)
    init(loan: consuming Loan<ClientCore>) { self.loan = loan }

    /// Where the request lies in shared memory (the runtime's view).
    @inlinable @inline(__always)
    public var messageBytes: MessageBytes { loan.bytes }

    /// The request's header (its id is assigned by ``send()``).
    public var header: RequestHeader {
        RequestHeader(clientId: loan.core.port, requestId: 0, numberOfElements: loan.bytes.count)
    }

    /// Delivers the request to every connected server.
    /// - Returns: The pending response, through which the responses arrive.
    /// - Throws: ``SendError/exceedsMaxActiveRequests(limit:)`` when too many `PendingResponse`s are alive.
    @inlinable @inline(__always)
    public consuming func send() throws(SendError) -> PendingResponse<RequestPayload, ResponsePayload> {
        let (handle, ticket, chunk) = loan.handOver()
        let ref = ticket.ref
        do {
            // The message lives on as the pending response.
            let (slot, requestId) = try handle.borrow { (core) throws(SendError) in try core.send(ref, chunk: chunk) }
            return PendingResponse(handle: handle, slot: slot, requestId: requestId)
        } catch {
            handle.endMessage { $0.messageEnded() }
            throw error
        }
    }
}

/// A loaned request whose payload is not yet initialised; ``UninitializedLoan/write(_:)`` turns it into a
/// ``RequestMut``.
public typealias RequestMutUninit<RequestPayload: ServicePayload, ResponsePayload: ServicePayload> =
    UninitializedLoan<RequestMut<RequestPayload, ResponsePayload>>

extension ClientCore: LoanIssuer {}
