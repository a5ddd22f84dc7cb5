import IPCPlatform

/// Where a receiver expects a peer's next message, so that it can have the message's cache lines fetched while it
/// polls the queue that will announce it: the two transfers (queue line, message lines) then overlap instead of
/// following each other.
///
/// The chunk is the one the sender announced in its last message (``ChunkHeader/nextChunkOffset``); its first line
/// holds the header and the start of the payload, and the line where a payload as long as the last one ends is
/// fetched too (for a slice that is another line, and readers often touch both ends). Only hints: prefetching never
/// faults and never changes what a later read sees, so a wrong guess costs nothing but the fetch.
struct ExpectedMessage {
    private var start: UnsafeRawPointer?
    private var end: UnsafeRawPointer?

    /// No expectation yet.
    init() {}

    /// After receiving `resolved`: the next message is expected in the chunk its sender announced, with a payload
    /// of `payloadBytes` bytes at `payloadOffset`, like this one.
    @inline(__always)
    init(after resolved: ResolvedChunk, payloadOffset: Int, payloadBytes: Int) {
        start = UnsafeRawPointer(resolved.next)
        end = start! + (payloadOffset &+ max(payloadBytes, 1) &- 1)
    }

    /// Starts fetching the expected lines.
    @inline(__always)
    func prefetch() {
        guard let start, let end else { return }
        prefetchCacheLine(start)
        prefetchCacheLine(end)
    }
}
