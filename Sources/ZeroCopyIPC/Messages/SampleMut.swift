/// A loaned sample in shared memory: fill its payload in place (see ``LoanedMessage``), then ``send()`` it to every
/// subscriber.
///
/// Dropping an unsent sample gives its memory back. Noncopyable, so it can be sent only once.
@frozen
public struct SampleMut<Payload: ServicePayload>: ~Copyable, LoanedMessage {
    @usableFromInline let loan: Loan<PublisherCore>

    @inlinable @inline(__always)
    init(loan: consuming Loan<PublisherCore>) { self.loan = loan }

    /// Where the sample lies in shared memory (the runtime's view).
    @inlinable @inline(__always)
    public var messageBytes: MessageBytes { loan.bytes }

    /// The sample's header (its sequence number is the one ``send()`` gives it, if no other sample is sent first).
    public var header: PublishHeader {
        let core = loan.core
        return PublishHeader(
            publisherId: core.port, sequenceNumber: core.nextSequenceNumber, numberOfElements: loan.bytes.count)
    }

    /// Delivers the sample to every connected subscriber (and keeps it in the history, if the service has one).
    /// - Returns: The number of subscribers it reached.
    @inlinable @inline(__always)
    @discardableResult
    public consuming func send() -> Int {
        let (handle, ticket, chunk) = loan.handOver()
        let ref = ticket.ref
        defer { handle.endMessage { $0.messageEnded() } }
        return handle.borrow { $0.send(ref, chunk: chunk) }
    }
}

/// A loaned sample whose payload is not yet initialised; ``UninitializedLoan/write(_:)`` turns it into a
/// ``SampleMut``.
public typealias SampleMutUninit<Payload: ServicePayload> = UninitializedLoan<SampleMut<Payload>>

extension PublisherCore: LoanIssuer {}
