/// A loaned response in shared memory: fill its payload in place, then ``send()`` it.
///
/// Dropping an unsent response gives its memory back.
// Frozen so that the inlinable `send()` may `discard self`; the stored properties are private to the runtime.
@frozen
public struct ResponseMut<ResponsePayload: ServicePayload>: ~Copyable {
    // Trivial stored properties only, so that `send()` can `discard self`. The core outlives its messages without
    // a reference count per message (see `MessageIssuer`).
    @usableFromInline let handle: Unmanaged<ServerCore>
    @usableFromInline let ref: UInt64
    @usableFromInline let chunk: UnsafeMutableRawPointer
    @usableFromInline let payloadStart: UnsafeMutableRawPointer
    @usableFromInline let count: Int
    @usableFromInline let client: Int
    @usableFromInline let clientPort: UInt64
    @usableFromInline let slot: Int
    @usableFromInline let requestId: UInt64

    @inlinable @inline(__always)
    init(
        handle: Unmanaged<ServerCore>, ref: UInt64, chunk: UnsafeMutableRawPointer, payload: UnsafeMutableRawPointer,
        count: Int,
        client: Int, clientPort: UInt64, slot: Int, requestId: UInt64
    ) {
        self.handle = handle
        self.ref = ref
        self.chunk = chunk
        self.payloadStart = payload
        self.count = count
        self.client = client
        self.clientPort = clientPort
        self.slot = slot
        self.requestId = requestId
    }

    @inlinable
    deinit {
        let (ref, client, slot) = (self.ref, self.client, self.slot)
        handle.endMessage { $0.dropLoan(ref, client: client, slot: slot) }
    }

    @inlinable @inline(__always) var core: ServerCore { handle.takeUnretainedValue() }

    /// The response's header.
    public var header: ResponseHeader {
        ResponseHeader(serverId: core.port, requestId: requestId, numberOfElements: count)
    }

    /// Sends the response to the `PendingResponse` of its request.
    /// - Throws: ``SendError/connectionClosed`` when the client is gone; ``SendError/receiverBufferFull`` when its
    ///   buffer is full and safe overflow is off.
    @inlinable @inline(__always)
    public consuming func send() throws(SendError) {
        let handle = self.handle
        let (ref, chunk, client, clientPort, slot, requestId) = (
            self.ref, self.chunk, self.client, self.clientPort, self.slot, self.requestId
        )
        discard self
        // Sent or not, the loan ends here.
        defer { handle.endMessage { $0.messageEnded() } }
        try handle.borrow { (core) throws(SendError) in
            try core.send(ref, chunk: chunk, client: client, clientPort: clientPort, slot: slot, requestId: requestId)
        }
    }
}

extension ResponseMut where ResponsePayload: ZeroCopySend {
    /// The payload, read and written in place in shared memory.
    @inlinable @inline(__always)
    public var payload: ResponsePayload {
        _read { yield payloadStart.assumingMemoryBound(to: ResponsePayload.self).pointee }
        // `_modify` rather than `unsafeMutableAddress`: with the latter, Swift 6.3 refuses to consume a `let` loan
        // after writing through it ("cannot be consumed when captured by an escaping closure").
        nonmutating _modify { yield &payloadStart.assumingMemoryBound(to: ResponsePayload.self).pointee }
    }
}

extension ResponseMut where ResponsePayload: SlicePayload {
    /// The payload elements, written in place in shared memory.
    @inlinable @inline(__always)
    public var payload: UnsafeMutableBufferPointer<ResponsePayload.PayloadElement> {
        UnsafeMutableBufferPointer(
            start: payloadStart.assumingMemoryBound(to: ResponsePayload.PayloadElement.self), count: count)
    }
}

/// A loaned response whose payload is not yet initialised.
public struct ResponseMutUninit<ResponsePayload: ServicePayload>: ~Copyable {
    @usableFromInline let inner: ResponseMut<ResponsePayload>

    @inlinable @inline(__always)
    init(inner: consuming ResponseMut<ResponsePayload>) { self.inner = inner }

    /// The raw bytes of the payload.
    @inlinable @inline(__always)
    public var rawPayload: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(
            start: inner.payloadStart, count: inner.count * inner.core.responseLayout.elementSize)
    }

    /// Declares the payload written through ``rawPayload``.
    /// - Returns: The initialised response.
    @inlinable @inline(__always)
    public consuming func assumeInitialized() -> ResponseMut<ResponsePayload> { inner }
}

extension ResponseMutUninit where ResponsePayload: ZeroCopySend {
    /// Writes the payload.
    /// - Parameter value: The payload.
    /// - Returns: The initialised response.
    @inlinable @inline(__always)
    public consuming func write(_ value: ResponsePayload) -> ResponseMut<ResponsePayload> {
        inner.payloadStart.assumingMemoryBound(to: ResponsePayload.self).initialize(to: value)
        return inner
    }
}

extension ResponseMutUninit where ResponsePayload: SlicePayload {
    /// Copies elements into the slice; elements beyond the collection's count are zeroed.
    /// - Parameter elements: At most as many elements as were loaned.
    /// - Returns: The initialised response.
    @inlinable @inline(__always)
    public consuming func write(
        from elements: some Collection<ResponsePayload.PayloadElement>
    ) -> ResponseMut<ResponsePayload> {
        fillSlice(inner.payloadStart, count: inner.count, from: elements)
        return inner
    }

    /// Initialises every element with `element(index)`.
    /// - Parameter element: The value of the element at an index.
    /// - Returns: The initialised response.
    @inlinable @inline(__always)
    public consuming func initialize(
        with element: (Int) -> ResponsePayload.PayloadElement
    ) -> ResponseMut<ResponsePayload> {
        let typed = inner.payloadStart.assumingMemoryBound(to: ResponsePayload.PayloadElement.self)
        for index in 0..<inner.count { (typed + index).initialize(to: element(index)) }
        return inner
    }
}
