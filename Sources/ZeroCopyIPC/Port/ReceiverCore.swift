import IPCConcepts
import IPCPlatform

/// The receiving half of a port: what it knows of each peer that sends to it (port id, mapped data segments, where
/// the next message probably is, whether the peer left), and the one loop that takes a message from a queue,
/// resolves it in the peer's segments and hands it out.
///
/// A peer that leaves stays known until its queued messages are taken (``depart(_:)``, then ``forget(_:)``); its
/// segments stay mapped while the user holds messages from it (`LingeringSegments`), and handed-over segments are
/// given up when it is forgotten (see `SegmentHandover`). Buffers are allocated once; a port uses its core from one
/// thread at a time, so the hot path takes no lock and touches no reference count.
final class ReceiverCore {
    /// The receiving port's own id (its claims in handed-over segments carry it).
    let port: UInt64
    let peers: Int
    /// The layout of the messages received.
    let layout: MessageLayout
    private let ports: FixedBuffer<UInt64>
    private let segments: FixedBuffer<ReceiverSegments?>
    /// The same segments, unretained: the hot path reaches them without reference counting.
    private let segmentRefs: FixedBuffer<Unmanaged<ReceiverSegments>?>
    private let expected: FixedBuffer<ExpectedMessage>
    private let departed: FixedBuffer<Bool>
    private let lingering = FixedBuffer(repeating: LingeringSegments(), count: 1)
    private let counts = FixedBuffer(repeating: 0, count: 1)

    init(port: UInt64, peers: Int, layout: MessageLayout) {
        self.port = port
        self.peers = peers
        self.layout = layout
        ports = FixedBuffer(repeating: 0, count: peers)
        segments = FixedBuffer(repeating: nil, count: peers)
        segmentRefs = FixedBuffer(repeating: nil, count: peers)
        expected = FixedBuffer(repeating: ExpectedMessage(), count: peers)
        departed = FixedBuffer(repeating: false, count: peers)
    }

    deinit {
        ports.deallocate()
        segments.deallocate()
        segmentRefs.deallocate()
        expected.deallocate()
        departed.deallocate()
        lingering.deallocate()
        counts.deallocate()
    }

    /// The port id of the peer in slot `peer` (0: none).
    @inline(__always)
    func peerPort(_ peer: Int) -> UInt64 { ports[peer] }

    /// Whether the peer in slot `peer` left (its queued messages are still taken).
    @inline(__always)
    func hasDeparted(_ peer: Int) -> Bool { departed[peer] }

    /// The number of known peers that left and are not forgotten yet.
    var departedCount: Int { counts[0] }

    /// Starts receiving from the port `port` of `stem`'s segments in slot `peer` (forgetting whoever was there).
    func connect(_ peer: Int, port peerPort: UInt64, stem: String) {
        if ports[peer] != 0 { forget(peer) }
        let mapped = ReceiverSegments(stem: stem)
        mapped.prefetch()
        segments[peer] = mapped
        segmentRefs[peer] = Unmanaged.passUnretained(mapped)
        ports[peer] = peerPort
    }

    /// The peer in slot `peer` left: what it sent is still taken until its queue is empty.
    func depart(_ peer: Int) {
        guard ports[peer] != 0, !departed[peer] else { return }
        departed[peer] = true
        counts[0] += 1
    }

    /// Moves what is known of the peer in slot `from` to the free slot `to` (a port whose successor took its place in
    /// the service keeps being drained there).
    func move(_ from: Int, to: Int) {
        ports[to] = ports[from]
        segments[to] = segments[from]
        segmentRefs[to] = segmentRefs[from]
        expected[to] = expected[from]
        departed[to] = departed[from]
        ports[from] = 0
        segments[from] = nil
        segmentRefs[from] = nil
        expected[from] = ExpectedMessage()
        departed[from] = false
    }

    /// Drops everything about the peer in slot `peer`: gives up its handed-over segments; segments the user still
    /// holds messages in stay mapped until those are dropped.
    func forget(_ peer: Int) {
        guard ports[peer] != 0 else { return }
        if let mapped = segments[peer] { SegmentHandover.release(senderStem: mapped.stem, port: port) }
        lingering[0].keepIfInUse(segments[peer], port: ports[peer])
        if departed[peer] { counts[0] -= 1 }
        departed[peer] = false
        ports[peer] = 0
        expected[peer] = ExpectedMessage()
        segmentRefs[peer] = nil
        segments[peer] = nil
    }

    /// When the port goes: gives up its claims in every handed-over segment of the service, also of senders it
    /// never connected to (a sender hands a segment over to every reader it delivered to, and a reader that never
    /// looked at its queues never learnt of it).
    func forgetAll(service: String, names: Names) {
        let segments = SharedMemoryMapping.list(prefix: service + "_n").filter(names.isHandOverSegment)
        SegmentHandover.release(segments, port: port)
    }

    /// Takes the next message of `queue` from the peer in slot `peer`: resolves it in the peer's segments and asks
    /// `accept` whether the user gets it; what cannot be resolved or is not accepted goes back through `returns`.
    /// - Returns: The chunk reference and where the message is.
    @inline(__always)
    func take(
        from queue: IndexQueue, peer: Int, tag: UInt32, returns: IndexQueue,
        accept: (ResolvedChunk, UInt32) -> Bool
    ) -> (ref: UInt64, resolved: ResolvedChunk)? {
        guard let mapped = segmentRefs[peer] else { return nil }
        while let (ref, acknowledgement) = queue.popAcknowledged(expecting: expected[peer], tag: tag) {
            guard let resolved = mapped._withUnsafeGuaranteedRef({ $0.resolve(ref) }),
                accept(resolved, acknowledgement)
            else {
                _ = returns.push(ref)
                continue
            }
            mapped._withUnsafeGuaranteedRef { $0.take(ref) }
            expected[peer] = ExpectedMessage(
                after: resolved, in: mapped, payloadEnd: layout.payloadEndToFetch(count: resolved.count))
            return (ref, resolved)
        }
        return nil
    }

    /// The chunk `ref` of the peer in slot `peer`, resolved in its segments (mapping them on first use).
    @inline(__always)
    func resolve(_ ref: UInt64, peer: Int) -> ResolvedChunk? {
        guard let mapped = segmentRefs[peer] else { return nil }
        return mapped._withUnsafeGuaranteedRef { $0.resolve(ref) }
    }

    /// Whether `queue` of the peer in slot `peer` has a message, looking first where ``take`` would: the chunk the
    /// peer announced.
    @inline(__always)
    func hasMessage(in queue: IndexQueue, peer: Int, tag: UInt32) -> Bool {
        queue.hasValue(expecting: expected[peer], tag: tag)
    }

    /// Fetches the lines of the peer's expected next message.
    @inline(__always)
    func prefetch(_ peer: Int) { expected[peer].prefetch() }

    /// The user dropped the message `ref` from the port `peerPort` in slot `peer`.
    /// - Returns: Whether the peer is still the one in that slot: the caller gives the chunk back to it then.
    @inline(__always)
    func release(_ ref: UInt64, peer: Int, port peerPort: UInt64) -> Bool {
        if ports[peer] == peerPort, let mapped = segmentRefs[peer] {
            mapped._withUnsafeGuaranteedRef { $0.release(ref) }
            return true
        }
        // The peer was moved to another slot (see ``move(_:to:)``), or forgotten while the user held this message.
        for other in 0..<peers where other != peer && ports[other] == peerPort {
            segmentRefs[other]?._withUnsafeGuaranteedRef { $0.release(ref) }
            return false
        }
        lingering[0].release(ref, port: peerPort)
        return false
    }
}
