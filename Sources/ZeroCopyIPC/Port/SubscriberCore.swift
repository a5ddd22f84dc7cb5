import IPCConcepts
import IPCPlatform
import Synchronization

/// The process-local state of a subscriber; ``Subscriber`` and the samples it hands out share it.
///
/// Per publisher slot it maps the publisher's control segment and takes samples from its own block there once the
/// publisher has assigned it (see ``PublisherControlLayout``); its ``ReceiverCore`` maps the publisher's data
/// segments. Samples from a publisher that left stay receivable until its queue is empty.
@usableFromInline
final class SubscriberCore: MessageIssuer {
    private struct State {
        var borrowed = 0
        /// The publisher slot where the next receive starts looking (round-robin).
        var nextPublisher = 0
        /// The slot's ``PortSlot/forwarded`` count when this subscriber last looked for handed-over queues.
        var forwarded: UInt64 = 0
    }

    /// A sample taken from a publisher's queue: where it came from and where it is.
    @usableFromInline
    struct Received: BitwiseCopyable {
        @usableFromInline var publisher: Int
        @usableFromInline var publisherPort: UInt64
        @usableFromInline var ref: UInt64
        @usableFromInline var chunk: UnsafeMutableRawPointer
        @usableFromInline var payload: UnsafeMutableRawPointer
        @usableFromInline var count: Int
    }

    let service: PublishSubscribeHandle
    @usableFromInline let port: UInt64
    let slotIndex: Int
    let limits: PublishSubscribeDefaults
    let bufferSize: Int
    @usableFromInline let layout: MessageLayout
    @usableFromInline let payloadOffset: Int
    private let receiver: ReceiverCore
    /// Per publisher slot: the publisher's control segment and this subscriber's block in it.
    private let controls: FixedBuffer<SharedMemoryMapping?>
    private let blocks: FixedBuffer<SubscriberBlock?>
    private let publisherSlots: FixedBuffer<PortSlot>
    /// How publishers tag this subscriber's queues when they announce a sample (see `ChunkPublication`).
    private let tag: UInt32
    private let state = FixedBuffer(repeating: State(), count: 1)
    @usableFromInline let lifetime = FixedBuffer(repeating: PortLifetime(), count: 1)
    private let watch: FixedBuffer<ConnectionWatch>

    init(service: PublishSubscribeHandle, bufferSize: Int) throws(PortCreateError) {
        self.service = service
        let config = service.config
        limits = config.limits
        self.bufferSize = bufferSize
        watch = FixedBuffer(repeating: ConnectionWatch(service.segment), count: 1)
        let id = UniqueID.make()
        port = id
        layout = MessageLayout(payload: config.payload, userHeader: config.userHeader)
        payloadOffset = layout.payloadOffset
        // One slot per publisher slot, and as many again for publishers that left while their successor already
        // took their place: what they sent is still taken, first.
        receiver = ReceiverCore(port: id, peers: 2 * limits.maxPublishers, layout: layout)
        controls = FixedBuffer(repeating: nil, count: 2 * limits.maxPublishers)
        blocks = FixedBuffer(repeating: nil, count: 2 * limits.maxPublishers)
        publisherSlots = FixedBuffer(repeating: service.segment.publisherSlot(0), count: limits.maxPublishers)
        for index in 0..<limits.maxPublishers { publisherSlots[index] = service.segment.publisherSlot(index) }
        let segment = service.segment
        let claimed = segment.claimPortSlot(count: limits.maxSubscribers, node: service.node.id, segment.subscriberSlot)
        // Every stored property is set from here on, so if this throws, `deinit` runs and frees everything.
        slotIndex = claimed ?? -1
        tag = ChunkPublication.sampleTag(subscriber: slotIndex)
        guard let claimed else {
            throw .exceedsMaxSupportedSubscribers(service: config.name, limit: limits.maxSubscribers)
        }
        segment.subscriberSlot(claimed).bufferSize.pointee.store(UInt64(bufferSize), ordering: .sequentiallyConsistent)
        state[0].forwarded = segment.subscriberSlot(claimed).forwarded.pointee.load(ordering: .sequentiallyConsistent)
        segment.subscriberSlot(claimed).port.pointee.store(id, ordering: .sequentiallyConsistent)
        segment.announceChange()
        // Connect to the ports already there, as iceoryx2's ports do: what they send from now on is not missed
        // even if this port first looks after they left.
        refresh()
    }

    deinit {
        if slotIndex >= 0 { service.segment.unregister(service.segment.subscriberSlot(slotIndex), port: port) }
        receiver.forgetAll(service: service.segmentName, names: service.node.names)
        controls.deallocate()
        blocks.deallocate()
        publisherSlots.deallocate()
        state.deallocate()
        watch.deallocate()
        lifetime.deallocate()
    }

    var slot: PortSlot { service.segment.subscriberSlot(slotIndex) }

    // MARK: Connections

    /// Notices publishers that came or went since the last call (one atomic load when nothing changed).
    @inline(__always)
    func refresh() {
        if watch[0].changed() { reconnect() }
    }

    private func reconnect() {
        for index in 0..<limits.maxPublishers {
            let (publisherPort, publisherNode) = publisherSlots[index].registration
            if receiver.peerPort(index) == publisherPort { continue }
            if publisherPort == 0 {
                receiver.depart(index)  // what it sent is still taken
                continue
            }
            let stem = service.node.names.portStem(service: service.hash, node: publisherNode, port: publisherPort)
            guard let (control, layout) = openControl(stem + "_c") else {
                watch[0].lookAgain()  // not ready (or gone); look again next time
                continue
            }
            if receiver.peerPort(index) != 0 { keepDraining(index) }
            receiver.connect(index, port: publisherPort, stem: stem)
            controls[index] = control
            blocks[index] = layout.block(
                slotIndex, in: control.base, bufferSize: bufferSize, safeOverflow: limits.enableSafeOverflow)
        }
        let forwarded = slot.forwarded.pointee.load(ordering: .sequentiallyConsistent)
        if forwarded != state[0].forwarded {
            state[0].forwarded = forwarded
            adoptHandedOverQueues()
        }
    }

    /// A publisher that this subscriber never looked at left (or died) with samples queued for it, and handed its
    /// control segment over: finds those segments by the claim they carry and drains each from a spare slot, as
    /// a publisher that left after this subscriber had seen it. Lists /dev/shm; runs only when told to.
    private func adoptHandedOverQueues() {
        let names = service.node.names
        let known = Set((0..<2 * limits.maxPublishers).map(receiver.peerPort))
        for name in SharedMemoryMapping.list(prefix: service.segmentName + "_n") where names.isControlSegment(name) {
            guard let publisherPort = names.port(ofPortSegment: name), !known.contains(publisherPort),
                let (control, layout) = openControl(name), SegmentHandover.isClaimed(control, by: port)
            else { continue }
            let stem = String(name.dropLast(2))  // without `_c`
            guard let spare = spareSlot() else {
                // No room to drain it: give the queue up rather than hold the segment for ever.
                SegmentHandover.release(senderStem: stem, port: port)
                continue
            }
            receiver.connect(spare, port: publisherPort, stem: stem)
            receiver.depart(spare)
            controls[spare] = control
            blocks[spare] = layout.block(
                slotIndex, in: control.base, bufferSize: bufferSize, safeOverflow: limits.enableSafeOverflow)
        }
    }

    /// The publisher known in slot `index` left and another took its place: it moves to a spare slot, where what
    /// it sent is still taken (or, without a free one, it is forgotten).
    private func keepDraining(_ index: Int) {
        guard let spare = spareSlot() else {
            forget(index)
            return
        }
        receiver.move(index, to: spare)
        receiver.depart(spare)
        controls[spare] = controls[index]
        blocks[spare] = blocks[index]
        controls[index] = nil
        blocks[index] = nil
    }

    /// A free slot among the spare ones (after the publisher slots), where a departed publisher is drained.
    private func spareSlot() -> Int? {
        let publishers = limits.maxPublishers
        return (publishers..<2 * publishers).first { receiver.peerPort($0) == 0 }
    }

    /// Maps the publisher control segment `name` if it is ready and has a block for this subscriber's slot.
    private func openControl(_ name: String) -> (SharedMemoryMapping, PublisherControlLayout)? {
        guard let control = try? SharedMemoryMapping.open(name: name),
            let header = try? SegmentHeader.read(from: control.base, size: control.size, kind: .portControl),
            let layout = PublisherControlLayout(header: header), layout.subscribers > slotIndex,
            layout.totalSize <= control.size
        else { return nil }
        return (control, layout)
    }

    /// This subscriber's block of the publisher in slot `index`, once that publisher has assigned it.
    @inline(__always)
    private func block(_ index: Int) -> SubscriberBlock? {
        guard receiver.peerPort(index) != 0, let block = blocks[index],
            block.subscriberPort.pointee.load(ordering: .acquiring) == port
        else { return nil }
        return block
    }

    // MARK: Samples

    /// Takes the next sample: first what publishers that left still have queued (older than anything a live
    /// publisher sends from now on, as in iceoryx2), then from live publishers round-robin. A departed publisher whose
    /// queue is empty is forgotten.
    /// - Throws: ``ReceiveError/exceedsMaxBorrowedSamples(limit:)`` when a sample waits but the user holds as many
    ///   as allowed.
    @usableFromInline
    func receive() throws(ReceiveError) -> Received? {
        refresh()
        let publishers = limits.maxPublishers
        if receiver.departedCount != 0 {
            for index in 0..<2 * publishers where receiver.hasDeparted(index) {
                if let sample = try take(from: index) { return sample }
            }
        }
        var position = state[0].nextPublisher
        for _ in 0..<publishers {
            let index = position
            position = position + 1 == publishers ? 0 : position + 1
            if let sample = try take(from: index) {
                state[0].nextPublisher = position
                return sample
            }
        }
        return nil
    }

    /// One look of a wait for a sample (typed or untyped): takes it (or the error taking it threw) into `taken` and
    /// says whether the wait is over.
    func take(into taken: inout Result<Received, ReceiveError>?) -> Bool {
        do throws(ReceiveError) {
            guard let received = try receive() else { return false }
            taken = .success(received)
        } catch {
            taken = .failure(error)
        }
        return true
    }

    /// Takes the next sample of the publisher in slot `index`; forgets a departed one whose queue is empty.
    @inline(__always)
    private func take(from index: Int) throws(ReceiveError) -> Received? {
        guard let block = block(index) else {
            if receiver.hasDeparted(index) { forget(index) }
            return nil
        }
        if state[0].borrowed >= limits.subscriberMaxBorrowedSamples {
            guard !receiver.hasMessage(in: block.samples, peer: index, tag: tag) else {
                throw .exceedsMaxBorrowedSamples(limit: limits.subscriberMaxBorrowedSamples)
            }
            return nil
        }
        if limits.enableSafeOverflow { block.dropOverflow(keeping: bufferSize) }
        guard
            let (ref, resolved) = receiver.take(
                from: block.samples, peer: index, tag: tag, returns: block.returns, accept: { _, _ in true })
        else {
            if receiver.hasDeparted(index) { forget(index) } else { receiver.prefetch(index) }
            return nil
        }
        state[0].borrowed += 1
        messageIssued()
        return Received(
            publisher: index, publisherPort: receiver.peerPort(index), ref: ref, chunk: resolved.chunk,
            payload: resolved.chunk + payloadOffset, count: resolved.count)
    }

    /// Whether a sample is waiting.
    @usableFromInline
    func hasSamples() -> Bool {
        refresh()
        for index in 0..<2 * limits.maxPublishers {
            if let block = block(index), receiver.hasMessage(in: block.samples, peer: index, tag: tag) { return true }
        }
        return false
    }

    /// A received sample was dropped: give its chunk back to the publisher that sent it.
    /// - Returns: ``messageEnded()``.
    @usableFromInline
    func release(_ sample: Received) -> Bool {
        state[0].borrowed -= 1
        if receiver.release(sample.ref, peer: sample.publisher, port: sample.publisherPort),
            !receiver.hasDeparted(sample.publisher), let block = block(sample.publisher)
        {
            _ = block.returns.push(sample.ref)
        }
        return messageEnded()
    }

    /// Forgets the publisher in slot `index` (it left and nothing of it is queued any more).
    private func forget(_ index: Int) {
        receiver.forget(index)
        blocks[index] = nil
        controls[index] = nil
    }

    /// The number of publishers connected now.
    var numberOfConnectedPublishers: Int {
        refresh()
        return (0..<limits.maxPublishers).count { receiver.peerPort($0) != 0 && !receiver.hasDeparted($0) }
    }

    // MARK: Waiting

    /// Blocks until `ready()` holds or `timeout` passes (see `blockingWait`).
    @usableFromInline
    func wait(timeout: Duration, until ready: () -> Bool) -> Bool {
        blockingWait(slot: slot, names: service.node.names, timeout: timeout, until: ready)
    }
}
