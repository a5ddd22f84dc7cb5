/// A received response, read in place in the server's shared memory. Dropping it returns the memory.
public struct Response<ResponsePayload: ServicePayload>: ~Copyable {
    let core: ClientCore
    let mapping: AnyObject
    let server: Int
    let serverPort: UInt64
    let ref: UInt64
    let slot: Int
    let requestId: UInt64
    let chunk: UnsafeMutableRawPointer
    let count: Int

    deinit {
        core.releaseResponse(server: server, serverPort: serverPort, ref: ref, slot: slot, requestId: requestId)
    }

    /// The response's header.
    public var header: ResponseHeader {
        ResponseHeader(serverId: serverPort, requestId: requestId, numberOfElements: count)
    }

    /// The id of the server that sent it.
    public var origin: UInt64 { serverPort }

    var payloadStart: UnsafeRawPointer { UnsafeRawPointer(chunk + core.responsePayloadOffset) }
}

extension Response where ResponsePayload: ZeroCopySend {
    /// The payload, read in place.
    public var payload: ResponsePayload {
        _read { yield payloadStart.assumingMemoryBound(to: ResponsePayload.self).pointee }
    }
}

extension Response where ResponsePayload: SlicePayload {
    /// The payload elements, read in place.
    public var payload: UnsafeBufferPointer<ResponsePayload.PayloadElement> {
        UnsafeBufferPointer(
            start: payloadStart.assumingMemoryBound(to: ResponsePayload.PayloadElement.self), count: count)
    }
}
