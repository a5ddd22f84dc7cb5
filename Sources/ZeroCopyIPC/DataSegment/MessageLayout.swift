import IPCConcepts
import IPCPlatform

/// A reference to a chunk as it travels through queues: segment slot (8 bits), segment generation (24 bits) and
/// chunk index (32 bits). The generation tells a receiver that a slot now holds a different segment.
struct ChunkRef {
    static func make(slot: Int, generation: UInt32, chunk: UInt32) -> UInt64 {
        UInt64(slot) << 56 | UInt64(generation & 0xFF_FFFF) << 32 | UInt64(chunk)
    }
    static func slot(_ ref: UInt64) -> Int { Int(ref >> 56) }
    static func generation(_ ref: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: ref >> 32) & 0xFF_FFFF }
    static func chunk(_ ref: UInt64) -> Int { Int(UInt32(truncatingIfNeeded: ref)) }
}

/// The chunk header every message starts with (48 bytes), written by the sender before publishing. Chunks start
/// on a cache line, so a small payload shares the header's line: one line moves between the processes, not two.
enum ChunkHeader {
    static let size = 48
    static let requestIdOffset = 0
    static let originOffset = 8
    static let countOffset = 16
    static let activeSlotOffset = 24
    /// The sender's guess at the chunk index (same segment) of its next message, `UInt32.max` for none: a receiver
    /// waiting for that message watches the chunk instead of the queue (see `ExpectedMessage`).
    static let nextChunkOffset = 28
    /// Where the chunk was published: the queue position plus one (0: not announced), see `ChunkPublication`.
    static let publicationOffset = 32
    /// The queue the chunk was published into, as the sender numbers them (see `ChunkPublication`).
    static let queueTagOffset = 40
    /// The acknowledgement that travelled with the chunk (see `IndexQueue`).
    static let acknowledgementOffset = 44
}

/// Where a message's parts sit in its chunk: the runtime's header, the optional user header, then the payload,
/// each at its alignment.
@usableFromInline
struct MessageLayout {
    @usableFromInline let elementSize: Int
    let elementAlignment: Int
    let userHeaderOffset: Int
    let userHeader: PayloadDescriptor?
    let payloadOffset: Int
    /// The user header's place and type, for the message accessors (see ``MessageBytes``).
    @usableFromInline let userHeaderSlot: UserHeaderSlot

    /// Whether the line where a payload ends, when it is not the header's, goes to the receiver through the shared
    /// cache: the sender takes it for writing at loan, so the user's store finds it owned, and demotes it to the
    /// last-level cache at send, where the receiver reads it right after it sees the message; the receiver does not
    /// fetch it while it waits. Only where the CPU can demote (``CacheLineHints/canDemote``; sender and receiver run
    /// on the same machine, so they agree); elsewhere the receiver fetches the line while it waits. Measured on an
    /// Intel Xeon host (Benchmarks/README.md): with the receiver fetching, a slice round trip that reads both ends
    /// cost ~1.6× the 8-byte one; either half of the push alone did not help, and the receiver fetching while the
    /// sender pushes is slower still (it takes the line back before the sender's write).
    let pushesPayloadEnd = CacheLineHints.canDemote

    init(payload: PayloadDescriptor, userHeader: PayloadDescriptor?) {
        elementSize = payload.size
        elementAlignment = max(payload.alignment, 1)
        self.userHeader = userHeader
        userHeaderOffset = alignUp(ChunkHeader.size, to: max(userHeader?.alignment ?? 1, 1))
        payloadOffset = alignUp(userHeaderOffset + (userHeader?.size ?? 0), to: elementAlignment)
        userHeaderSlot = UserHeaderSlot(
            offset: userHeaderOffset, size: userHeader?.size ?? -1, fingerprint: userHeader?.fingerprint ?? 0)
    }

    /// The offset in the chunk of the last payload byte of a message of `count` elements, when that byte lies beyond
    /// the chunk's first cache line (the header's); `nil` when the whole payload shares the header's line.
    @inline(__always)
    func farPayloadEnd(count: Int) -> Int? {
        let last = payloadOffset &+ max(count &* elementSize, 1) &- 1
        return last >= ChunkGeometry.lineSize ? last : nil
    }

    /// Where the sender hands the far payload end of a message of `count` elements to the shared cache (taken for
    /// writing at loan, demoted at send; see ``pushesPayloadEnd``), `nil` when it does not.
    @inline(__always)
    func payloadEndToPush(count: Int) -> Int? { pushesPayloadEnd ? farPayloadEnd(count: count) : nil }

    /// Where a receiver fetches the far payload end of the next message, expected as long as one of `count`
    /// elements, while it waits for it (`ExpectedMessage`); `nil` when the sender pushes it instead.
    @inline(__always)
    func payloadEndToFetch(count: Int) -> Int? { pushesPayloadEnd ? nil : farPayloadEnd(count: count) }

    /// Where the message of `count` elements in `chunk`, with its payload at `payload`, lies.
    @inlinable @inline(__always)
    func bytes(chunk: UnsafeMutableRawPointer, payload: UnsafeMutableRawPointer, count: Int) -> MessageBytes {
        MessageBytes(
            chunk: chunk, payload: payload, count: count, elementSize: elementSize, userHeader: userHeaderSlot)
    }
}

/// The geometry of chunks in a data segment.
struct ChunkGeometry {
    /// Chunks start on a cache line of this many bytes.
    static let lineSize = 64

    let payloadOffset: Int
    let stride: Int
    let dataStart: Int
    let capacity: Int

    init(message: MessageLayout, capacity: Int, peers: Int) {
        let align = max(message.elementAlignment, message.userHeader?.alignment ?? 1)
        payloadOffset = message.payloadOffset
        stride = alignUp(payloadOffset + max(1, message.elementSize * capacity), to: max(Self.lineSize, align))
        // The hand-over area (see `SegmentHandover`) sits between the header and the first chunk.
        dataStart = alignUp(
            SegmentHandover.countOffset + SegmentHandover.areaSize(peers: peers), to: max(Self.lineSize, align))
        self.capacity = capacity
    }
}
