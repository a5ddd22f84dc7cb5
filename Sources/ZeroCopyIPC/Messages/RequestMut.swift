/// A loaned request in shared memory: fill its payload in place, then ``send()`` it.
///
/// Dropping an unsent request gives its memory back. Noncopyable, so it can be sent only once.
// Frozen so that the inlinable `send()` may `discard self`; the stored properties are private to the runtime.
@frozen
public struct RequestMut<RequestPayload: ServicePayload, ResponsePayload: ServicePayload>: ~Copyable {
    // Trivial stored properties only, so that `send()` can `discard self`. The core outlives its messages without
    // a reference count per message (see `MessageIssuer`).
    @usableFromInline let handle: Unmanaged<ClientCore>
    @usableFromInline let ref: UInt64
    @usableFromInline let chunk: UnsafeMutableRawPointer
    @usableFromInline let payloadStart: UnsafeMutableRawPointer
    @usableFromInline let count: Int

    @inlinable @inline(__always)
    init(
        core: ClientCore, ref: UInt64, chunk: UnsafeMutableRawPointer, payload: UnsafeMutableRawPointer, count: Int
    ) {
        handle = .passUnretained(core)
        self.ref = ref
        self.chunk = chunk
        self.payloadStart = payload
        self.count = count
    }

    @inlinable
    deinit {
        let ref = self.ref
        handle.endMessage { $0.dropLoan(ref) }
    }

    @inlinable @inline(__always) var core: ClientCore { handle.takeUnretainedValue() }

    /// The request's header (its id is assigned by ``send()``).
    public var header: RequestHeader {
        RequestHeader(clientId: core.port, requestId: 0, numberOfElements: count)
    }

    /// Delivers the request to every connected server.
    /// - Returns: The pending response, through which the responses arrive.
    /// - Throws: ``SendError/exceedsMaxActiveRequests(limit:)`` when too many `PendingResponse`s are alive.
    @inlinable @inline(__always)
    public consuming func send() throws(SendError) -> PendingResponse<RequestPayload, ResponsePayload> {
        let (handle, ref, chunk) = (self.handle, self.ref, self.chunk)
        discard self
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

extension RequestMut where RequestPayload: ZeroCopySend {
    /// The payload, read and written in place in shared memory.
    @inlinable @inline(__always)
    public var payload: RequestPayload {
        _read { yield payloadStart.assumingMemoryBound(to: RequestPayload.self).pointee }
        // `_modify` rather than `unsafeMutableAddress`: with the latter, Swift 6.3 refuses to consume a `let` loan
        // after writing through it ("cannot be consumed when captured by an escaping closure").
        nonmutating _modify { yield &payloadStart.assumingMemoryBound(to: RequestPayload.self).pointee }
    }
}

extension RequestMut where RequestPayload: SlicePayload {
    /// The payload elements, written in place in shared memory.
    @inlinable @inline(__always)
    public var payload: UnsafeMutableBufferPointer<RequestPayload.PayloadElement> {
        UnsafeMutableBufferPointer(
            start: payloadStart.assumingMemoryBound(to: RequestPayload.PayloadElement.self), count: count)
    }
}

/// A loaned request whose payload is not yet initialised; ``write(_:)`` turns it into a ``RequestMut``.
public struct RequestMutUninit<RequestPayload: ServicePayload, ResponsePayload: ServicePayload>: ~Copyable {
    @usableFromInline let inner: RequestMut<RequestPayload, ResponsePayload>

    @inlinable @inline(__always)
    init(inner: consuming RequestMut<RequestPayload, ResponsePayload>) { self.inner = inner }

    /// The raw bytes of the payload, for writing without a typed value.
    @inlinable @inline(__always)
    public var rawPayload: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(
            start: inner.payloadStart, count: inner.count * inner.core.requestLayout.elementSize)
    }

    /// Declares the payload written through ``rawPayload``.
    /// - Returns: The initialised request.
    @inlinable @inline(__always)
    public consuming func assumeInitialized() -> RequestMut<RequestPayload, ResponsePayload> { inner }
}

extension RequestMutUninit where RequestPayload: ZeroCopySend {
    /// Writes the payload.
    /// - Parameter value: The payload.
    /// - Returns: The initialised request.
    @inlinable @inline(__always)
    public consuming func write(_ value: RequestPayload) -> RequestMut<RequestPayload, ResponsePayload> {
        inner.payloadStart.assumingMemoryBound(to: RequestPayload.self).initialize(to: value)
        return inner
    }
}

extension RequestMutUninit where RequestPayload: SlicePayload {
    /// Copies elements into the slice; elements beyond the collection's count are zeroed.
    /// - Parameter elements: At most as many elements as were loaned.
    /// - Returns: The initialised request.
    @inlinable @inline(__always)
    public consuming func write(
        from elements: some Collection<RequestPayload.PayloadElement>
    ) -> RequestMut<RequestPayload, ResponsePayload> {
        fillSlice(inner.payloadStart, count: inner.count, from: elements)
        return inner
    }

    /// Initialises every element with `element(index)`.
    /// - Parameter element: The value of the element at an index.
    /// - Returns: The initialised request.
    @inlinable @inline(__always)
    public consuming func initialize(
        with element: (Int) -> RequestPayload.PayloadElement
    ) -> RequestMut<RequestPayload, ResponsePayload> {
        let typed = inner.payloadStart.assumingMemoryBound(to: RequestPayload.PayloadElement.self)
        for index in 0..<inner.count { (typed + index).initialize(to: element(index)) }
        return inner
    }
}

/// Copies a collection into a slice in shared memory, zeroing the rest.
@inlinable @inline(__always)
func fillSlice<Element: ZeroCopySend>(
    _ start: UnsafeMutableRawPointer, count: Int, from elements: some Collection<Element>
) {
    let typed = start.assumingMemoryBound(to: Element.self)
    var index = 0
    for element in elements where index < count {
        (typed + index).initialize(to: element)
        index += 1
    }
    if index < count {
        (start + index * Element.zeroCopyLayout.size).initializeMemory(
            as: UInt8.self, repeating: 0, count: (count - index) * Element.zeroCopyLayout.size)
    }
}
