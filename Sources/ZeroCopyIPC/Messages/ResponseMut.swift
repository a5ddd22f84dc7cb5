/// A loaned response in shared memory: fill its payload in place (see ``LoanedMessage``), then ``send()`` it.
///
/// Dropping an unsent response gives its memory back.
@frozen
public struct ResponseMut<ResponsePayload: ServicePayload>: ~Copyable, LoanedMessage {
    /// The response payload.
    public typealias Payload = ResponsePayload

    @usableFromInline let loan: Loan<ServerCore>

    @inlinable @inline(__always)
    init(loan: consuming Loan<ServerCore>) { self.loan = loan }

    /// Where the response lies in shared memory (the runtime's view).
    @inlinable @inline(__always)
    public var messageBytes: MessageBytes { loan.bytes }

    /// The response's header.
    public var header: ResponseHeader {
        ResponseHeader(serverId: loan.core.port, requestId: loan.ticket.requestId, numberOfElements: loan.bytes.count)
    }

    /// Sends the response to the `PendingResponse` of its request.
    /// - Throws: ``SendError/connectionClosed`` when the client is gone; ``SendError/receiverBufferFull`` when its
    ///   buffer is full and safe overflow is off.
    @inlinable @inline(__always)
    public consuming func send() throws(SendError) {
        let (handle, ticket, chunk) = loan.handOver()
        // Sent or not, the loan ends here.
        defer { handle.endMessage { $0.messageEnded() } }
        try handle.borrow { (core) throws(SendError) in try core.send(ticket, chunk: chunk) }
    }
}

/// A loaned response whose payload is not yet initialised; ``UninitializedLoan/write(_:)`` turns it into a
/// ``ResponseMut``.
public typealias ResponseMutUninit<ResponsePayload: ServicePayload> = UninitializedLoan<ResponseMut<ResponsePayload>>

extension ServerCore: LoanIssuer {}
