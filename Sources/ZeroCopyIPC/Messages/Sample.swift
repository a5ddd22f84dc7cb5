/// A received sample, read in place in the publisher's shared memory. Dropping it returns the memory.
public struct Sample<Payload: ServicePayload>: ~Copyable {
    @usableFromInline let state: ReceivedSample

    @inlinable @inline(__always)
    init(core: SubscriberCore, received: SubscriberCore.Received) {
        state = ReceivedSample(handle: .passUnretained(core), received: received)
    }

    @inlinable @inline(__always) var core: SubscriberCore { state.handle.takeUnretainedValue() }
    @inlinable @inline(__always) var payloadStart: UnsafeRawPointer { UnsafeRawPointer(state.received.payload) }

    /// The sample's header: who sent it, its sequence number, its length.
    public var header: PublishHeader {
        let received = state.received
        return PublishHeader(
            publisherId: received.publisherPort,
            sequenceNumber: UnsafeRawPointer(received.chunk).load(
                fromByteOffset: ChunkHeader.requestIdOffset, as: UInt64.self),
            numberOfElements: received.count)
    }

    /// The id of the publisher that sent it.
    public var origin: UInt64 { state.received.publisherPort }

    /// The sample's user header.
    /// - Parameter type: The service's user header type.
    /// - Returns: The header, or `nil` when the service's user header is not `Header`.
    public func userHeader<Header: ZeroCopySend>(as type: Header.Type) -> Header? {
        let layout = core.layout
        guard layout.hasUserHeader(type) else { return nil }
        return UnsafeRawPointer(state.received.chunk + layout.userHeaderOffset).load(as: Header.self)
    }
}

extension Sample where Payload: ZeroCopySend {
    /// The payload, read in place.
    @inlinable @inline(__always)
    public var payload: Payload {
        _read { yield payloadStart.assumingMemoryBound(to: Payload.self).pointee }
    }
}

extension Sample where Payload: SlicePayload {
    /// The payload elements, read in place.
    @inlinable @inline(__always)
    public var payload: UnsafeBufferPointer<Payload.PayloadElement> {
        UnsafeBufferPointer(
            start: payloadStart.assumingMemoryBound(to: Payload.PayloadElement.self), count: state.received.count)
    }
}

/// Owns a received sample and returns it when dropped. Not generic, so that code which drops a `Sample` without
/// being specialised calls this deinit directly.
@usableFromInline
struct ReceivedSample: ~Copyable {
    @usableFromInline let handle: Unmanaged<SubscriberCore>
    @usableFromInline let received: SubscriberCore.Received

    @inlinable @inline(__always)
    init(handle: Unmanaged<SubscriberCore>, received: SubscriberCore.Received) {
        self.handle = handle
        self.received = received
    }

    @inlinable
    deinit {
        let received = self.received
        handle.endMessage { $0.release(received) }
    }
}
