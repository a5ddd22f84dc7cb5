import IPCPlatform

/// Where a receiver expects a peer's next message: the chunk the sender announced in its last message
/// (``ChunkHeader/nextChunkOffset``). While it waits, the receiver watches that chunk's first line, where the sender
/// announces the message (``ChunkPublication``), and, unless the sender pushes it to the shared cache
/// (`MessageLayout.pushesPayloadEnd`), has the line where a payload as long as the last one ends fetched too (for
/// a slice that is another line, and readers often touch both ends).
///
/// The chunk lies in a mapping of the peer's segments, which the receiver unmaps when the sender moved to a newer
/// segment; the expectation remembers the mappings' generation (``ReceiverSegments/unmaps``) and is void once it
/// changed, so it never reads unmapped memory. A wrong guess costs only a look at one line.
struct ExpectedMessage {
    private var start: UnsafeRawPointer?
    private var end: UnsafeRawPointer?
    /// The chunk reference of `start`.
    private(set) var ref: UInt64 = 0
    private var unmaps: UnsafePointer<Int>?
    private var unmapsSeen = 0

    /// No expectation yet.
    init() {}

    /// After receiving `resolved` from `segments`: the next message is expected in the chunk its sender announced,
    /// with its payload ending `payloadEnd` bytes into the chunk like this one's (`nil`: its end is not fetched).
    @inline(__always)
    init(after resolved: ResolvedChunk, in segments: Unmanaged<ReceiverSegments>, payloadEnd: Int?) {
        start = UnsafeRawPointer(resolved.next)
        if let payloadEnd { end = start! + payloadEnd }
        ref = resolved.nextRef
        let unmaps = segments._withUnsafeGuaranteedRef { $0.unmaps }
        self.unmaps = unmaps
        unmapsSeen = unmaps.pointee
    }

    /// The expected chunk, while it is still mapped.
    @inline(__always)
    var chunk: UnsafeRawPointer? {
        guard let unmaps, unmaps.pointee == unmapsSeen else { return nil }
        return start
    }

    /// Starts fetching the expected lines.
    @inline(__always)
    func prefetch() {
        guard let start else { return }
        CacheLineHints.prefetch(start)
        if let end { CacheLineHints.prefetch(end) }
    }
}
