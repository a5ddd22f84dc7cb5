import IPCConcepts
import Synchronization

/// The layout of a publisher's control segment: after the header a hand-over area (see `SegmentHandover`: a
/// publisher that leaves while a subscriber has samples queued here keeps the segment for it), then one connection
/// block per subscriber slot.
///
/// A block holds the queues between this publisher and one subscriber, each single-producer: samples (publisher →
/// subscriber) and returned sample chunks (subscriber → publisher). `subscriberPort` says which subscriber the
/// block currently belongs to: the publisher resets the block, then publishes the subscriber's port id, and the
/// subscriber takes from it only while it sees its own id there, as a server does with a client's blocks. The
/// sample queue has room for the service's largest subscriber buffer; each subscriber's queue holds as many as its
/// own buffer (``PortSlot/bufferSize``). The header's words carry the sizes, so a subscriber maps any publisher's
/// blocks without knowing its settings.
struct PublisherControlLayout {
    let maxBufferSize: Int
    let maxBorrowed: Int
    let returnCapacity: Int
    let subscribers: Int
    let samplesOffset = 64
    let returnsOffset: Int
    let blockSize: Int
    /// Where the first block starts, after the hand-over area (the header's fifth word).
    let blocksOffset: Int
    let totalSize: Int

    /// - Parameters:
    ///   - maxBufferSize: The service's largest subscriber buffer.
    ///   - maxBorrowed: The samples a subscriber may hold at once.
    ///   - subscribers: The service's subscriber slots.
    init(maxBufferSize: Int, maxBorrowed: Int, subscribers: Int) {
        self.maxBufferSize = maxBufferSize
        self.maxBorrowed = maxBorrowed
        // Twice what a subscriber can hold of one publisher's at once (its buffer and what the user borrowed): the
        // publisher takes returns back only once half of this is out (``PublisherCore/send``), so that a steady
        // stream does not read the subscriber's return line on every send.
        returnCapacity = 4 * (maxBufferSize + maxBorrowed)
        self.subscribers = subscribers
        returnsOffset = samplesOffset + IndexQueue.byteSize(capacity: maxBufferSize + maxBorrowed)
        blockSize = alignUp(returnsOffset + IndexQueue.byteSize(capacity: returnCapacity), to: 64)
        blocksOffset = alignUp(SegmentHandover.countOffset + SegmentHandover.areaSize(peers: subscribers), to: 64)
        totalSize = blocksOffset + subscribers * blockSize
    }

    /// The layout a publisher wrote into its control segment's header.
    init?(header: SegmentHeader) {
        guard header.words.0 > 0, header.words.1 > 0, header.words.2 > 0 else { return nil }
        self.init(
            maxBufferSize: Int(header.words.0), maxBorrowed: Int(header.words.1), subscribers: Int(header.words.2))
        guard header.words.4 == UInt64(blocksOffset) else { return nil }
    }

    /// The control segment's header.
    var header: SegmentHeader {
        SegmentHeader(
            kind: .portControl, size: totalSize,
            words: (UInt64(maxBufferSize), UInt64(maxBorrowed), UInt64(subscribers), 0, UInt64(blocksOffset)))
    }

    /// The block for subscriber slot `subscriber` in the segment at `base`, for a subscriber buffer of
    /// `bufferSize`.
    ///
    /// With `safeOverflow` the sample queue holds `maxBorrowed` more than the buffer and the subscriber drops what
    /// exceeds its buffer, oldest first, when it receives (``SubscriberBlock/dropOverflow(keeping:)``): the
    /// publisher then reads the subscriber's queue head only once every few samples, instead of on every send to
    /// see whether the buffer is full, and the head's cache line stays with the subscriber. The queue stays within
    /// what the publisher's chunks are counted for: the buffer and twice the borrows per subscriber.
    func block(
        _ subscriber: Int, in base: UnsafeMutableRawPointer, bufferSize: Int, safeOverflow: Bool
    ) -> SubscriberBlock {
        let start = base + blocksOffset + subscriber * blockSize
        let buffer = min(max(1, bufferSize), maxBufferSize)
        return SubscriberBlock(
            subscriberPort: start.assumingMemoryBound(to: Atomic<UInt64>.self),
            samples: IndexQueue(base: start + samplesOffset, capacity: safeOverflow ? buffer + maxBorrowed : buffer),
            returns: IndexQueue(base: start + returnsOffset, capacity: returnCapacity))
    }
}

/// The queues between one publisher and one subscriber (see ``PublisherControlLayout``).
struct SubscriberBlock {
    /// The id of the subscriber port the block belongs to (0: none).
    let subscriberPort: UnsafeMutablePointer<Atomic<UInt64>>
    /// Samples, publisher → subscriber.
    let samples: IndexQueue
    /// Sample chunks the subscriber gives back, subscriber → publisher.
    let returns: IndexQueue

    /// Empties both queues; only while no subscriber uses the block.
    func reset() {
        samples.reset()
        returns.reset()
    }

    /// Safe overflow, the subscriber's half: while more than `buffer` samples are queued, gives the oldest back to
    /// the publisher unread, as the publisher would have dropped it had it looked at the buffer on send.
    @inline(__always)
    func dropOverflow(keeping buffer: Int) {
        while samples.holdsMore(than: UInt64(buffer)) {
            guard let oldest = samples.pop() else { return }  // the publisher dropped it meanwhile (its ring was full)
            _ = returns.push(oldest)
        }
    }
}

extension PortSlot {
    /// A subscriber's buffer size, written before its port id is published, so that publishers size its queue.
    var bufferSize: UnsafeMutablePointer<Atomic<UInt64>> { (base + 24).assumingMemoryBound(to: Atomic<UInt64>.self) }

    /// How many times a publisher that left (or cleanup, for one that died) handed its control segment over to
    /// this subscriber: a subscriber that never looked at that publisher learns of it only from here, and then
    /// looks for the handed-over segments that carry its claim (see ``SubscriberCore``).
    var forwarded: UnsafeMutablePointer<Atomic<UInt64>> { (base + 32).assumingMemoryBound(to: Atomic<UInt64>.self) }
}
