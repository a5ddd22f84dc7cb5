/// A received sample, read in place in the publisher's shared memory (see ``ReceivedMessage``). Dropping it returns
/// the memory.
@frozen
public struct Sample<Payload: ServicePayload>: ~Copyable, ReceivedMessage {
    @usableFromInline let held: ReceivedSample

    @inlinable @inline(__always)
    init(core: SubscriberCore, received: SubscriberCore.Received) {
        held = ReceivedSample(handle: .passUnretained(core), message: received)
    }

    /// Where the sample lies in shared memory (the runtime's view).
    @inlinable @inline(__always)
    public var messageBytes: MessageBytes { held.bytes }

    /// The sample's header: who sent it, its sequence number, its length.
    public var header: PublishHeader {
        let received = held.message
        return PublishHeader(
            publisherId: received.publisherPort,
            sequenceNumber: UnsafeRawPointer(received.chunk).load(
                fromByteOffset: ChunkHeader.requestIdOffset, as: UInt64.self),
            numberOfElements: received.count)
    }

    /// The id of the publisher that sent it.
    public var origin: UInt64 { held.message.publisherPort }
}

/// Owns a received sample and returns it when dropped. Not generic, so that code which drops a `Sample` without
/// being specialised calls this deinit directly.
@usableFromInline
struct ReceivedSample: ~Copyable {
    @usableFromInline let handle: Unmanaged<SubscriberCore>
    @usableFromInline let message: SubscriberCore.Received

    @inlinable @inline(__always)
    init(handle: Unmanaged<SubscriberCore>, message: SubscriberCore.Received) {
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

extension SubscriberCore {
    @inlinable @inline(__always)
    func bytes(of sample: Received) -> MessageBytes {
        layout.bytes(chunk: sample.chunk, payload: sample.payload, count: sample.count)
    }
}
