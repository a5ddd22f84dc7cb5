/// A loaned sample in shared memory: fill its payload in place, then ``send()`` it to every subscriber.
///
/// Dropping an unsent sample gives its memory back. Noncopyable, so it can be sent only once.
// Frozen so that the inlinable `send()` may `discard self`; the stored properties are private to the runtime.
@frozen
public struct SampleMut<Payload: ServicePayload>: ~Copyable {
    // Trivial stored properties only, so that `send()` can `discard self`. The core outlives its messages without
    // a reference count per message (see `MessageIssuer`).
    @usableFromInline let handle: Unmanaged<PublisherCore>
    @usableFromInline let ref: UInt64
    @usableFromInline let chunk: UnsafeMutableRawPointer
    @usableFromInline let payloadStart: UnsafeMutableRawPointer
    @usableFromInline let count: Int

    @inlinable @inline(__always)
    init(
        core: PublisherCore, ref: UInt64, chunk: UnsafeMutableRawPointer, payload: UnsafeMutableRawPointer,
        count: Int
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

    @inlinable @inline(__always) var core: PublisherCore { handle.takeUnretainedValue() }

    /// The sample's header (its sequence number is the one ``send()`` gives it, if no other sample is sent first).
    public var header: PublishHeader {
        PublishHeader(publisherId: core.port, sequenceNumber: core.nextSequenceNumber, numberOfElements: count)
    }

    /// The sample's user header, written in place (zeroed at loan).
    /// - Parameter type: The service's user header type.
    /// - Returns: The header, or `nil` when the service's user header is not `Header`.
    public func userHeader<Header: ZeroCopySend>(as type: Header.Type) -> UnsafeMutablePointer<Header>? {
        let layout = core.layout
        guard layout.hasUserHeader(type) else { return nil }
        return (chunk + layout.userHeaderOffset).assumingMemoryBound(to: Header.self)
    }

    /// Delivers the sample to every connected subscriber (and keeps it in the history, if the service has one).
    /// - Returns: The number of subscribers it reached.
    @inlinable @inline(__always)
    @discardableResult
    public consuming func send() -> Int {
        let (handle, ref, chunk) = (self.handle, self.ref, self.chunk)
        discard self
        defer { handle.endMessage { $0.messageEnded() } }
        return handle.borrow { $0.send(ref, chunk: chunk) }
    }
}

extension SampleMut where Payload: ZeroCopySend {
    /// The payload, read and written in place in shared memory.
    @inlinable @inline(__always)
    public var payload: Payload {
        _read { yield payloadStart.assumingMemoryBound(to: Payload.self).pointee }
        nonmutating _modify { yield &payloadStart.assumingMemoryBound(to: Payload.self).pointee }
    }
}

extension SampleMut where Payload: SlicePayload {
    /// The payload elements, written in place in shared memory.
    @inlinable @inline(__always)
    public var payload: UnsafeMutableBufferPointer<Payload.PayloadElement> {
        UnsafeMutableBufferPointer(
            start: payloadStart.assumingMemoryBound(to: Payload.PayloadElement.self), count: count)
    }
}

/// A loaned sample whose payload is not yet initialised; ``write(_:)`` turns it into a ``SampleMut``.
public struct SampleMutUninit<Payload: ServicePayload>: ~Copyable {
    @usableFromInline let inner: SampleMut<Payload>

    @inlinable @inline(__always)
    init(inner: consuming SampleMut<Payload>) { self.inner = inner }

    /// The raw bytes of the payload, for writing without a typed value.
    @inlinable @inline(__always)
    public var rawPayload: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: inner.payloadStart, count: inner.count * inner.core.layout.elementSize)
    }

    /// The sample's user header, written in place (zeroed at loan); see ``SampleMut/userHeader(as:)``.
    public func userHeader<Header: ZeroCopySend>(as type: Header.Type) -> UnsafeMutablePointer<Header>? {
        inner.userHeader(as: type)
    }

    /// Declares the payload written through ``rawPayload``.
    /// - Returns: The initialised sample.
    @inlinable @inline(__always)
    public consuming func assumeInitialized() -> SampleMut<Payload> { inner }
}

extension SampleMutUninit where Payload: ZeroCopySend {
    /// Writes the payload.
    /// - Parameter value: The payload.
    /// - Returns: The initialised sample.
    @inlinable @inline(__always)
    public consuming func write(_ value: Payload) -> SampleMut<Payload> {
        inner.payloadStart.assumingMemoryBound(to: Payload.self).initialize(to: value)
        return inner
    }
}

extension SampleMutUninit where Payload: SlicePayload {
    /// Copies elements into the slice; elements beyond the collection's count are zeroed.
    /// - Parameter elements: At most as many elements as were loaned.
    /// - Returns: The initialised sample.
    @inlinable @inline(__always)
    public consuming func write(from elements: some Collection<Payload.PayloadElement>) -> SampleMut<Payload> {
        fillSlice(inner.payloadStart, count: inner.count, from: elements)
        return inner
    }

    /// Initialises every element with `element(index)`.
    /// - Parameter element: The value of the element at an index.
    /// - Returns: The initialised sample.
    @inlinable @inline(__always)
    public consuming func initialize(with element: (Int) -> Payload.PayloadElement) -> SampleMut<Payload> {
        let typed = inner.payloadStart.assumingMemoryBound(to: Payload.PayloadElement.self)
        for index in 0..<inner.count { (typed + index).initialize(to: element(index)) }
        return inner
    }
}
