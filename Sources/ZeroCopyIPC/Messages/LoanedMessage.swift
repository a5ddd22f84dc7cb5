/// A message loaned from a sending port's shared memory and written in place before it is sent: ``RequestMut``,
/// ``ResponseMut`` and ``SampleMut``. Its payload, user header and raw bytes are reached the same way in each.
///
/// A fixed payload reads and writes as a value (`request.payload.x = 42`); a slice is a `MutableSpan` that cannot
/// outlive the loan (`var elements = sample.payload; elements[0] = 7`).
public protocol LoanedMessage: ~Copyable {
    /// The payload: a ``ZeroCopySend`` type or a `[T]` slice of one.
    associatedtype Payload: ServicePayload

    /// Where the message lies in shared memory (the runtime's view; not needed in user code).
    var messageBytes: MessageBytes { get }
}

extension LoanedMessage where Self: ~Copyable, Payload: ZeroCopySend {
    /// The payload, read and written in place in shared memory.
    @inlinable @inline(__always)
    public var payload: Payload {
        // Addressors, not `_read`/`_modify`: a coroutine of this generic extension that is not specialised (a debug
        // build) allocates its frame on the heap, on every access.
        unsafeAddress { UnsafePointer(messageBytes.elements(Payload.self)) }
        nonmutating unsafeMutableAddress { messageBytes.elements(Payload.self) }
    }
}

extension LoanedMessage where Self: ~Copyable, Payload: SlicePayload {
    /// The payload elements, written in place in shared memory; the view lives no longer than the loan.
    @inlinable @inline(__always)
    public var payload: MutableSpan<Payload.PayloadElement> {
        @_lifetime(&self) mutating get {
            let bytes = messageBytes
            let elements = unsafe MutableSpan(
                _unsafeStart: bytes.elements(Payload.PayloadElement.self), count: bytes.count)
            return unsafe _overrideLifetime(elements, mutating: &self)
        }
    }
}

extension LoanedMessage where Self: ~Copyable {
    /// The number of payload elements (1 for a fixed payload).
    @inlinable @inline(__always)
    public var payloadCount: Int { messageBytes.count }

    /// The message's user header (zeroed at loan).
    /// - Parameter type: The service's user header type.
    /// - Returns: The header, or `nil` when the service's user header is not `Header`.
    @inlinable
    public func userHeader<Header: ZeroCopySend>(as type: Header.Type) -> Header? {
        messageBytes.userHeader(type)?.pointee
    }

    /// Writes the message's user header in place.
    /// - Parameters:
    ///   - type: The service's user header type.
    ///   - body: Changes the header.
    /// - Returns: What `body` returned, or `nil` (and `body` is not called) when the service's user header is not
    ///   `Header`.
    @inlinable
    @discardableResult
    public func withUserHeader<Header: ZeroCopySend, Result, Failure: Error>(
        as type: Header.Type, _ body: (inout Header) throws(Failure) -> Result
    ) throws(Failure) -> Result? {
        guard let header = messageBytes.userHeader(type) else { return nil }
        return try body(&header.pointee)
    }
}

/// A loaned message whose payload is not initialised yet: ``write(_:)`` (or ``write(from:)``,
/// ``initialize(with:)``, ``assumeInitialized()`` after writing ``rawPayload``) turns it into the message.
/// `RequestMutUninit`, `ResponseMutUninit` and `SampleMutUninit` name it for each kind of loan.
@frozen
public struct UninitializedLoan<Loaned: LoanedMessage & ~Copyable>: ~Copyable {
    @usableFromInline let loaned: Loaned

    @inlinable @inline(__always)
    init(_ loaned: consuming Loaned) { self.loaned = loaned }

    /// The raw bytes of the payload, for writing without a typed value; the view lives no longer than the loan.
    @inlinable @inline(__always)
    public var rawPayload: MutableRawSpan {
        @_lifetime(&self) mutating get {
            let bytes = loaned.messageBytes
            let raw = unsafe MutableRawSpan(
                _unsafeStart: bytes.payload, byteCount: bytes.count &* bytes.elementSize)
            return unsafe _overrideLifetime(raw, mutating: &self)
        }
    }

    /// The message's user header (zeroed at loan); see ``LoanedMessage/userHeader(as:)``.
    @inlinable
    public func userHeader<Header: ZeroCopySend>(as type: Header.Type) -> Header? { loaned.userHeader(as: type) }

    /// Writes the message's user header in place; see ``LoanedMessage/withUserHeader(as:_:)``.
    @inlinable
    @discardableResult
    public func withUserHeader<Header: ZeroCopySend, Result, Failure: Error>(
        as type: Header.Type, _ body: (inout Header) throws(Failure) -> Result
    ) throws(Failure) -> Result? {
        try loaned.withUserHeader(as: type, body)
    }

    /// Declares the payload written through ``rawPayload``.
    /// - Returns: The initialised message.
    @inlinable @inline(__always)
    public consuming func assumeInitialized() -> Loaned { loaned }
}

extension UninitializedLoan where Loaned: ~Copyable, Loaned.Payload: ZeroCopySend {
    /// Writes the payload.
    /// - Parameter value: The payload.
    /// - Returns: The initialised message.
    @inlinable @inline(__always)
    public consuming func write(_ value: Loaned.Payload) -> Loaned {
        loaned.messageBytes.elements(Loaned.Payload.self).initialize(to: value)
        return loaned
    }
}

extension UninitializedLoan where Loaned: ~Copyable, Loaned.Payload: SlicePayload {
    /// Copies elements into the slice; elements beyond the collection's count are zeroed.
    /// - Parameter elements: At most as many elements as were loaned.
    /// - Returns: The initialised message.
    @inlinable @inline(__always)
    public consuming func write(from elements: some Collection<Loaned.Payload.PayloadElement>) -> Loaned {
        let bytes = loaned.messageBytes
        let typed = bytes.elements(Loaned.Payload.PayloadElement.self)
        var index = 0
        for element in elements where index < bytes.count {
            (typed + index).initialize(to: element)
            index += 1
        }
        if index < bytes.count {
            (bytes.payload + index &* bytes.elementSize).initializeMemory(
                as: UInt8.self, repeating: 0, count: (bytes.count - index) &* bytes.elementSize)
        }
        return loaned
    }

    /// Initialises every element with `element(index)`.
    /// - Parameter element: The value of the element at an index.
    /// - Returns: The initialised message.
    @inlinable @inline(__always)
    public consuming func initialize(with element: (Int) -> Loaned.Payload.PayloadElement) -> Loaned {
        let bytes = loaned.messageBytes
        let typed = bytes.elements(Loaned.Payload.PayloadElement.self)
        for index in 0..<bytes.count { (typed + index).initialize(to: element(index)) }
        return loaned
    }
}
