/// A message received in place in its sender's shared memory: ``Sample``, ``Response`` and ``ActiveRequest`` (the
/// request). Its payload and user header are read the same way in each; dropping the message gives the memory back.
///
/// A fixed payload reads as a value; a slice is a `Span` that cannot outlive the message.
public protocol ReceivedMessage: ~Copyable {
    /// The payload: a ``ZeroCopySend`` type or a `[T]` slice of one.
    associatedtype Payload: ServicePayload

    /// Where the message lies in shared memory (the runtime's view; not needed in user code).
    var messageBytes: MessageBytes { get }
}

extension ReceivedMessage where Self: ~Copyable, Payload: ZeroCopySend {
    /// The payload, read in place.
    @inlinable @inline(__always)
    public var payload: Payload {
        // An addressor, not `_read`: see ``LoanedMessage/payload``.
        unsafeAddress { UnsafePointer(messageBytes.elements(Payload.self)) }
    }
}

extension ReceivedMessage where Self: ~Copyable, Payload: SlicePayload {
    /// The payload elements, read in place; the view lives no longer than the message.
    @inlinable @inline(__always)
    public var payload: Span<Payload.PayloadElement> {
        @_lifetime(borrow self) get {
            let bytes = messageBytes
            let elements = unsafe Span(
                _unsafeStart: UnsafePointer(bytes.elements(Payload.PayloadElement.self)), count: bytes.count)
            return unsafe _overrideLifetime(elements, borrowing: self)
        }
    }
}

extension ReceivedMessage where Self: ~Copyable {
    /// The number of payload elements (1 for a fixed payload).
    @inlinable @inline(__always)
    public var payloadCount: Int { messageBytes.count }

    /// The raw bytes of the payload, read in place; the view lives no longer than the message.
    @inlinable @inline(__always)
    public var rawPayload: RawSpan {
        @_lifetime(borrow self) get {
            let bytes = messageBytes
            let raw = unsafe RawSpan(
                _unsafeStart: UnsafeRawPointer(bytes.payload), byteCount: bytes.count &* bytes.elementSize)
            return unsafe _overrideLifetime(raw, borrowing: self)
        }
    }

    /// The message's user header.
    /// - Parameter type: The service's user header type.
    /// - Returns: The header, or `nil` when the service's user header is not `Header`.
    @inlinable
    public func userHeader<Header: ZeroCopySend>(as type: Header.Type) -> Header? {
        messageBytes.userHeader(type)?.pointee
    }
}

extension ReceivedMessage where Self: ~Copyable, Payload: SlicePayload {
    /// Copies the payload elements out of shared memory, for keeping them after the message is dropped.
    /// - Returns: The elements.
    @inlinable
    public func copyPayload() -> [Payload.PayloadElement] {
        let bytes = messageBytes
        return Array(unsafe UnsafeBufferPointer(start: bytes.elements(Payload.PayloadElement.self), count: bytes.count))
    }
}
