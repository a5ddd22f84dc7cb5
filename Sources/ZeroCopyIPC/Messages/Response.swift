/// A received response, read in place in the server's shared memory (see ``ReceivedMessage``). Dropping it returns
/// the memory.
@frozen
public struct Response<ResponsePayload: ServicePayload>: ~Copyable, ReceivedMessage {
    /// The response payload.
    public typealias Payload = ResponsePayload

    @usableFromInline let held: ReceivedResponse

    @inlinable @inline(__always)
    init(handle: Unmanaged<ClientCore>, received: ClientCore.Received, slot: Int, requestId: UInt64) {
        held = ReceivedResponse(handle: handle, message: ClientCore.HeldResponse(received, slot: slot, requestId: requestId))
    }

    /// Where the response lies in shared memory (the runtime's view).
    @inlinable @inline(__always)
    public var messageBytes: MessageBytes { held.bytes }

    /// The response's header.
    public var header: ResponseHeader {
        let message = held.message
        return ResponseHeader(
            serverId: message.received.serverPort, requestId: message.requestId,
            numberOfElements: message.received.count)
    }

    /// The id of the server that sent it.
    public var origin: UInt64 { held.message.received.serverPort }
}

/// Owns a received response and returns it when dropped. Not generic, so that code which drops a `Response` without
/// being specialised calls this deinit directly.
@usableFromInline
struct ReceivedResponse: ~Copyable {
    @usableFromInline let handle: Unmanaged<ClientCore>
    @usableFromInline let message: ClientCore.HeldResponse

    @inlinable @inline(__always)
    init(handle: Unmanaged<ClientCore>, message: ClientCore.HeldResponse) {
        self.handle = handle
        self.message = message
    }

    @inlinable
    deinit {
        let message = self.message
        handle.endMessage { $0.release(message) }
    }

    @inlinable @inline(__always)
    var bytes: MessageBytes { handle.borrow { $0.bytes(of: message) } }
}

extension ClientCore {
    /// A response the user holds: where it is and which pending response it belongs to.
    @usableFromInline
    struct HeldResponse: BitwiseCopyable {
        @usableFromInline let received: Received
        @usableFromInline let slot: Int
        @usableFromInline let requestId: UInt64

        @inlinable @inline(__always)
        init(_ received: Received, slot: Int, requestId: UInt64) {
            self.received = received
            self.slot = slot
            self.requestId = requestId
        }
    }

    @inlinable @inline(__always)
    func bytes(of response: HeldResponse) -> MessageBytes {
        let received = response.received
        return responseLayout.bytes(chunk: received.chunk, payload: received.payload, count: received.count)
    }

    @usableFromInline
    func release(_ response: HeldResponse) -> Bool {
        let received = response.received
        return releaseResponse(
            server: received.server, serverPort: received.serverPort, ref: received.ref, slot: response.slot,
            requestId: response.requestId)
    }
}
