/// A received response, read in place in the server's shared memory. Dropping it returns the memory.
public struct Response<ResponsePayload: ServicePayload>: ~Copyable {
    @usableFromInline let state: ReceivedResponse

    @inlinable @inline(__always)
    init(handle: Unmanaged<ClientCore>, received: ClientCore.Received, slot: Int, requestId: UInt64) {
        state = ReceivedResponse(handle: handle, received: received, slot: slot, requestId: requestId)
    }

    @inlinable @inline(__always) var core: ClientCore { state.handle.takeUnretainedValue() }
    @inlinable @inline(__always) var serverPort: UInt64 { state.received.serverPort }
    @inlinable @inline(__always) var requestId: UInt64 { state.requestId }
    @inlinable @inline(__always) var chunk: UnsafeMutableRawPointer { state.received.chunk }
    @inlinable @inline(__always) var count: Int { state.received.count }

    /// The response's header.
    public var header: ResponseHeader {
        ResponseHeader(serverId: serverPort, requestId: requestId, numberOfElements: count)
    }

    /// The id of the server that sent it.
    public var origin: UInt64 { serverPort }

    @inlinable @inline(__always)
    var payloadStart: UnsafeRawPointer { UnsafeRawPointer(state.received.payload) }
}

extension Response where ResponsePayload: ZeroCopySend {
    /// The payload, read in place.
    @inlinable @inline(__always)
    public var payload: ResponsePayload {
        _read { yield payloadStart.assumingMemoryBound(to: ResponsePayload.self).pointee }
    }
}

extension Response where ResponsePayload: SlicePayload {
    /// The payload elements, read in place.
    @inlinable @inline(__always)
    public var payload: UnsafeBufferPointer<ResponsePayload.PayloadElement> {
        UnsafeBufferPointer(
            start: payloadStart.assumingMemoryBound(to: ResponsePayload.PayloadElement.self), count: count)
    }
}

/// Owns a received response and returns it when dropped. Not generic, so that code which drops a `Response` without
/// being specialised calls this deinit directly instead of looking up the generic type's metadata.
@usableFromInline
struct ReceivedResponse: ~Copyable {
    @usableFromInline let handle: Unmanaged<ClientCore>
    @usableFromInline let received: ClientCore.Received
    @usableFromInline let slot: Int
    @usableFromInline let requestId: UInt64

    @inlinable @inline(__always)
    init(handle: Unmanaged<ClientCore>, received: ClientCore.Received, slot: Int, requestId: UInt64) {
        self.handle = handle
        self.received = received
        self.slot = slot
        self.requestId = requestId
    }

    @inlinable
    deinit {
        let (received, slot, requestId) = (self.received, self.slot, self.requestId)
        handle.endMessage {
            $0.releaseResponse(
                server: received.server, serverPort: received.serverPort, ref: received.ref, slot: slot,
                requestId: requestId)
        }
    }
}
