import IPCConcepts
import Synchronization

/// A message announced in its own chunk, so that a receiver that knows where the message will be can watch that
/// chunk instead of the queue: the chunk's first line then brings the news and, for a small payload, the payload
/// with it. One cache line moves per message instead of two (the queue slot, then the chunk).
///
/// The sender writes, after the message and before the queue slot, which queue it publishes into (a tag it
/// numbers itself) and at which position, plus the acknowledgement of the queue entry; a chunk that comes back to
/// the pool has its position cleared, so a free chunk or one being filled never looks published. That matters
/// because tags and positions are not unique over time: a port that takes the slot of one that left has the same
/// tags and starts its queues at 0 again. A receiver whose queue's next position is `p` and that finds
/// the chunk published at `p` in its queue takes the position (``IndexQueue/claim(_:)``) and knows the value
/// without reading the slot; otherwise it reads the queue as usual. The queue slot is written either way, for
/// receivers that guessed another chunk.
///
/// Positions are 64-bit and never repeat within a queue, and tags are unique among one sender's queues, so a
/// publication names exactly one queue entry. The receiver reads position, tag and position again: a chunk given
/// back and published anew while it looks shows a different position or tag, or is that very entry (the other
/// case, the same position in another queue, differs in the tag). The value at a position is fixed once
/// published, so a successful claim proves the chunk was not given back before it; the acknowledgement is read
/// only after the claim.
enum ChunkPublication {
    @inline(__always)
    private static func position(_ chunk: UnsafeRawPointer) -> UnsafeMutablePointer<Atomic<UInt64>> {
        UnsafeMutableRawPointer(mutating: chunk + ChunkHeader.publicationOffset)
            .assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    @inline(__always)
    private static func tag(_ chunk: UnsafeRawPointer) -> UnsafeMutablePointer<Atomic<UInt32>> {
        UnsafeMutableRawPointer(mutating: chunk + ChunkHeader.queueTagOffset)
            .assumingMemoryBound(to: Atomic<UInt32>.self)
    }

    /// Marks a chunk that came back to its sender's pool as not published.
    @inline(__always)
    static func retract(_ chunk: UnsafeMutableRawPointer) {
        position(chunk).pointee.store(0, ordering: .relaxed)
    }

    /// Announces that the chunk goes to position `position` of the sender's queue `tag` (non-zero), with
    /// `acknowledgement`; call after the message is complete and before the queue slot is published.
    @inline(__always)
    static func announce(
        _ chunk: UnsafeMutableRawPointer, tag queueTag: UInt32, position queuePosition: UInt64,
        acknowledgement: UInt32
    ) {
        tag(chunk).pointee.store(queueTag, ordering: .relaxed)
        chunk.storeBytes(of: acknowledgement, toByteOffset: ChunkHeader.acknowledgementOffset, as: UInt32.self)
        position(chunk).pointee.store(queuePosition &+ 1, ordering: .releasing)
    }

    /// Whether the chunk holds the value at `queuePosition` of the sender's queue `queueTag`.
    @inline(__always)
    static func isAnnounced(_ chunk: UnsafeRawPointer, tag queueTag: UInt32, position queuePosition: UInt64) -> Bool {
        let announced = position(chunk).pointee.load(ordering: .acquiring)
        guard announced == queuePosition &+ 1 else { return false }
        return tag(chunk).pointee.load(ordering: .acquiring) == queueTag
            && position(chunk).pointee.load(ordering: .acquiring) == announced
    }

    /// The tag of a client's request queue to the server in slot `server` (clients and the server must agree).
    @inline(__always)
    static func requestTag(server: Int) -> UInt32 { UInt32(truncatingIfNeeded: server &+ 1) }

    /// The tag of a publisher's sample queue to the subscriber in slot `subscriber` (both must agree).
    @inline(__always)
    static func sampleTag(subscriber: Int) -> UInt32 { UInt32(truncatingIfNeeded: subscriber &+ 1) }

    /// The tag of the response queue of active-request slot `slot` of the client in slot `client`, with
    /// `activeSlots` slots per client (the server and the client must agree).
    @inline(__always)
    static func responseTag(client: Int, slot: Int, activeSlots: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: client &* activeSlots &+ slot &+ 1)
    }

    /// The acknowledgement announced with the chunk (read after claiming its position).
    @inline(__always)
    static func acknowledgement(_ chunk: UnsafeRawPointer) -> UInt32 {
        chunk.load(fromByteOffset: ChunkHeader.acknowledgementOffset, as: UInt32.self)
    }
}

extension IndexQueue {
    /// Publishes the chunk `ref` (producer only), announcing it in the chunk first under the sender's queue tag
    /// `tag` (0: not announced); with `overflowing`, a full queue gives up its oldest value to make room.
    /// - Returns: Whether it was published (only a full queue without `overflowing` refuses), and the value pushed
    ///   out to make room, if any; the caller owns it.
    @inline(__always)
    func publish(
        _ ref: UInt64, chunk: UnsafeMutableRawPointer, acknowledgement: UInt32, tag: UInt32, overflowing: Bool
    ) -> (published: Bool, evicted: UInt64?) {
        let position: UInt64
        var evicted: UInt64?
        if overflowing {
            (position, evicted) = reserveOverflowing()
        } else if let reserved = reserve() {
            position = reserved
        } else {
            return (false, nil)
        }
        if tag != 0 {
            ChunkPublication.announce(chunk, tag: tag, position: position, acknowledgement: acknowledgement)
        }
        publish(ref, at: position, acknowledgement: acknowledgement)
        return (true, evicted)
    }

    /// Takes the oldest value with its acknowledgement (consumer only), from the chunk the receiver expects when the
    /// sender announced it there, else from the queue (see ``ChunkPublication``).
    @inline(__always)
    func popAcknowledged(
        expecting expected: ExpectedMessage, tag: UInt32
    ) -> (value: UInt64, acknowledgement: UInt32)? {
        if let chunk = expected.chunk {
            let position = nextPosition
            if ChunkPublication.isAnnounced(chunk, tag: tag, position: position) && claim(position) {
                return (expected.ref, ChunkPublication.acknowledgement(chunk))
            }
        }
        return popAcknowledged()
    }

    /// Whether a value waits, in the expected chunk or in the queue (consumer only).
    @inline(__always)
    func hasValue(expecting expected: ExpectedMessage, tag: UInt32) -> Bool {
        if let chunk = expected.chunk, ChunkPublication.isAnnounced(chunk, tag: tag, position: nextPosition) {
            return true
        }
        return !isEmpty
    }
}
