/// A received response, read in place in the server's shared memory. Dropping it returns the memory.
public struct Response<ResponsePayload: ServicePayload>: ~Copyable {
    @usableFromInline let state: ReceivedResponse

    @inlinable @inline(__always)
    init(
        core: ClientCore, mapping: AnyObject, server: Int, serverPort: UInt64, ref: UInt64, slot: Int,
        requestId: UInt64, chunk: UnsafeMutableRawPointer, count: Int
    ) {
        state = ReceivedResponse(
            core: core, mapping: mapping, server: server, serverPort: serverPort, ref: ref, slot: slot,
            requestId: requestId, chunk: chunk, count: count)
    }

    @inlinable @inline(__always) var core: ClientCore { state.core }
    @inlinable @inline(__always) var serverPort: UInt64 { state.serverPort }
    @inlinable @inline(__always) var requestId: UInt64 { state.requestId }
    @inlinable @inline(__always) var chunk: UnsafeMutableRawPointer { state.chunk }
    @inlinable @inline(__always) var count: Int { state.count }

    /// The response's header.
    public var header: ResponseHeader {
        ResponseHeader(serverId: serverPort, requestId: requestId, numberOfElements: count)
    }

    /// The id of the server that sent it.
    public var origin: UInt64 { serverPort }

    @inlinable @inline(__always)
    var payloadStart: UnsafeRawPointer { UnsafeRawPointer(chunk + core.responsePayloadOffset) }
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
    @usableFromInline let core: ClientCore
    /// Keeps the server's segment mapped while the response is read.
    @usableFromInline let mapping: AnyObject
    @usableFromInline let server: Int
    @usableFromInline let serverPort: UInt64
    @usableFromInline let ref: UInt64
    @usableFromInline let slot: Int
    @usableFromInline let requestId: UInt64
    @usableFromInline let chunk: UnsafeMutableRawPointer
    @usableFromInline let count: Int

    @inlinable @inline(__always)
    init(
        core: ClientCore, mapping: AnyObject, server: Int, serverPort: UInt64, ref: UInt64, slot: Int,
        requestId: UInt64, chunk: UnsafeMutableRawPointer, count: Int
    ) {
        self.core = core
        self.mapping = mapping
        self.server = server
        self.serverPort = serverPort
        self.ref = ref
        self.slot = slot
        self.requestId = requestId
        self.chunk = chunk
        self.count = count
    }

    @inlinable
    deinit {
        core.releaseResponse(server: server, serverPort: serverPort, ref: ref, slot: slot, requestId: requestId)
    }
}
