// A loan of a sending port, once for every port: given back unsent when dropped. The public loan types hold one and
// add only what their pattern adds (a pending response, a sequence number). Received messages are owned by one small
// struct per receiving core (`ReceivedSample`, `ReceivedRequest`, `ReceivedResponse`): each gives its message back
// in its own way.

/// A port core that lends chunks of its data segments.
@usableFromInline
protocol LoanIssuer: MessageIssuer {
    /// Takes back a loan that was not sent.
    /// - Returns: ``MessageIssuer/messageEnded()``'s answer.
    func dropLoan(_ ticket: LoanTicket) -> Bool
}

/// What a core needs back to end a loan: the chunk reference, and for a response the request it answers (zero
/// elsewhere). One type for every port, so that a loan's stored properties are trivially destroyed (see
/// `Loan.handOver()`).
@frozen @usableFromInline
struct LoanTicket: BitwiseCopyable {
    @usableFromInline let ref: UInt64
    @usableFromInline let client: Int
    @usableFromInline let clientPort: UInt64
    @usableFromInline let slot: Int
    @usableFromInline let requestId: UInt64

    /// A loan of a port that answers no request.
    @inlinable @inline(__always)
    init(ref: UInt64) { self.init(ref: ref, client: 0, clientPort: 0, slot: 0, requestId: 0) }

    /// A response loan.
    @inlinable @inline(__always)
    init(ref: UInt64, client: Int, clientPort: UInt64, slot: Int, requestId: UInt64) {
        self.ref = ref
        self.client = client
        self.clientPort = clientPort
        self.slot = slot
        self.requestId = requestId
    }
}

/// A loan of a sending port: the chunk, where its payload is, and what gives it back. Dropping it unsent returns the
/// chunk; ``handOver()`` ends it without that, for a send.
///
/// Generic over the core only, so that code which drops a message without being specialised for its payload calls
/// this deinit directly instead of looking up the message type's metadata.
@frozen @usableFromInline
struct Loan<Issuer: LoanIssuer>: ~Copyable {
    // Trivial stored properties only, so that `handOver()` can `discard self`. The core outlives its messages
    // without a reference count per message (see `MessageIssuer`).
    @usableFromInline let handle: Unmanaged<Issuer>
    @usableFromInline let ticket: LoanTicket
    @usableFromInline let bytes: MessageBytes

    @inlinable @inline(__always)
    init(handle: Unmanaged<Issuer>, ticket: LoanTicket, bytes: MessageBytes) {
        self.handle = handle
        self.ticket = ticket
        self.bytes = bytes
    }

    @inlinable
    deinit {
        let ticket = self.ticket
        handle.endMessage { $0.dropLoan(ticket) }
    }

    @inlinable @inline(__always) var core: Issuer { handle.takeUnretainedValue() }

    /// Ends the loan without giving the chunk back: it is being sent. The caller ends the message
    /// (`handle.endMessage { $0.messageEnded() }`) once the core is done with it.
    @inlinable @inline(__always)
    consuming func handOver() -> (handle: Unmanaged<Issuer>, ticket: LoanTicket, chunk: UnsafeMutableRawPointer) {
        let parts = (handle, ticket, bytes.chunk)
        discard self
        return parts
    }
}
