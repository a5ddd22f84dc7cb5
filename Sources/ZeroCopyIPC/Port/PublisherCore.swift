import IPCConcepts
import IPCPlatform
import Synchronization

/// The process-local state of a publisher; ``Publisher`` and the samples it loans share it.
///
/// The publisher owns a control segment with one connection block per subscriber slot (see
/// ``PublisherControlLayout``). When it notices a new subscriber it resets the subscriber's block, assigns it, and
/// hands it the history: the last `historySize` samples, which stay held by an extra peer, the history, so that
/// their chunks are not reused while a late subscriber may still get them.
@usableFromInline
final class PublisherCore: MessageIssuer {
    private struct State {
        var nextSequence: UInt64 = 0
        var historyStart = 0
        var historyCount = 0
    }

    let service: PublishSubscribeHandle
    @usableFromInline let port: UInt64
    let slotIndex: Int
    let limits: PublishSubscribeDefaults
    /// The sending half: data segments, loans, delivery to the subscribers, returns.
    let sender: SenderCore
    @usableFromInline let layout: MessageLayout
    @usableFromInline let payloadOffset: Int
    let loanLimit: Int
    /// The peer index under which the history holds its chunks (one past the last subscriber slot).
    private let historyPeer: Int
    let control: SharedMemoryMapping
    private let controlLayout: PublisherControlLayout
    private let blocks: FixedBuffer<SubscriberBlock?>
    private let history: FixedBuffer<UInt64>
    private let state = FixedBuffer(repeating: State(), count: 1)
    @usableFromInline let lifetime = FixedBuffer(repeating: PortLifetime(), count: 1)
    private let watch: FixedBuffer<ConnectionWatch>

    init(
        service: PublishSubscribeHandle, maxLoanedSamples: Int, unableToDeliver: UnableToDeliverStrategy,
        initialMaxSliceLen: Int, strategy: AllocationStrategy
    ) throws(PortCreateError) {
        self.service = service
        let config = service.config
        limits = config.limits
        loanLimit = maxLoanedSamples
        watch = FixedBuffer(repeating: ConnectionWatch(service.segment), count: 1)
        let id = UniqueID.make()
        port = id
        layout = MessageLayout(payload: config.payload, userHeader: config.userHeader)
        payloadOffset = layout.payloadOffset
        let subscribers = limits.maxSubscribers
        historyPeer = subscribers
        // Every chunk that can be out at once: loans, the history, and per subscriber twice its buffer and borrows
        // (what it holds, and as much again given back but not yet taken back: see `PublisherControlLayout`).
        let chunks =
            maxLoanedSamples + limits.historySize
            + subscribers * 2 * (limits.subscriberMaxBufferSize + limits.subscriberMaxBorrowedSamples) + 1
        let stem = service.node.names.portStem(service: service.hash, node: service.node.id, port: id)
        controlLayout = PublisherControlLayout(
            maxBufferSize: limits.subscriberMaxBufferSize, maxBorrowed: limits.subscriberMaxBorrowedSamples,
            subscribers: subscribers)
        do {
            control = try SharedMemoryMapping.create(name: stem + "_c", size: controlLayout.totalSize)
        } catch {
            throw .internalFailure(service: config.name, reason: "creating the control segment: \(error)")
        }
        controlLayout.header.write(to: control.base)
        let memory: SenderSegments
        do {
            memory = try SenderSegments(
                stem: stem, origin: id, message: layout,
                initialCapacity: config.payload.variant == .slice ? initialMaxSliceLen : 1, chunkCount: chunks,
                peers: subscribers + 1, strategy: config.payload.variant == .slice ? strategy : .static)
        } catch {
            SharedMemoryMapping.unlink(name: stem + "_c")
            throw .internalFailure(service: config.name, reason: "\(error)")
        }
        let segment = service.segment
        sender = SenderCore(
            memory: memory, receivers: subscribers, wakeSlot: segment.subscriberSlot,
            returnCapacity: controlLayout.returnCapacity, unableToDeliver: unableToDeliver, names: service.node.names)
        blocks = FixedBuffer(repeating: nil, count: subscribers)
        history = FixedBuffer(repeating: 0, count: max(1, limits.historySize))
        // Register last: the segments exist before any peer can find this port.
        let claimed = segment.claimPortSlot(count: limits.maxPublishers, node: service.node.id, segment.publisherSlot)
        // Every stored property is set from here on, so if this throws, `deinit` runs and frees everything.
        slotIndex = claimed ?? -1
        guard let claimed else {
            throw .exceedsMaxSupportedPublishers(service: config.name, limit: limits.maxPublishers)
        }
        segment.publisherSlot(claimed).port.pointee.store(id, ordering: .sequentiallyConsistent)
        segment.announceChange()
        // Connect to the ports already there, as iceoryx2's ports do: what they send from now on is not missed
        // even if this port first looks after they left.
        updateConnections()
    }

    deinit {
        // Samples the subscribers still hold stay readable: their segments are handed over before this port
        // unregisters (see `SegmentHandover` for the order), and so is the control segment while a subscriber has
        // samples queued in it, which it may not even have mapped yet.
        let (segment, slotIndex, port) = (service.segment, slotIndex, port)
        let controlHandedOver = handOverControl()
        sender.leave(
            unregister: { if slotIndex >= 0 { segment.unregister(segment.publisherSlot(slotIndex), port: port) } },
            isRegistered: segment.isRegistered(port:))
        if controlHandedOver {
            SegmentHandover.finishHandOver(control, isRegistered: segment.isRegistered(port:))
        } else {
            SharedMemoryMapping.unlink(name: control.name)
        }
        blocks.deallocate()
        history.deallocate()
        state.deallocate()
        watch.deallocate()
        lifetime.deallocate()
    }

    var slot: PortSlot { service.segment.publisherSlot(slotIndex) }

    /// Hands the control segment over to the subscribers that still have samples queued in it and tells each of
    /// them through its slot (``PortSlot/forwarded``), before this port unregisters.
    /// - Returns: Whether it was handed over (otherwise nobody needs it).
    private func handOverControl() -> Bool {
        var holders: [(index: Int, port: UInt64)] = []
        for position in 0..<sender.connectedCount {
            let index = sender.connectedReceiver(position)
            guard let block = blocks[index], !block.samples.isEmpty else { continue }
            holders.append((index, sender.receiverPort(index)))
        }
        guard !holders.isEmpty else { return false }
        SegmentHandover.handOver(control, holders: holders.map(\.port))
        for holder in holders {
            sender.receiverSlot(holder.index).forwarded.pointee.wrappingAdd(1, ordering: .sequentiallyConsistent)
        }
        return true
    }

    // MARK: Connections

    /// Notices subscribers that came or went (one atomic load when nothing changed) and hands new ones the history.
    @inline(__always)
    func updateConnections() {
        if watch[0].changed() { reconnect() }
    }

    private func reconnect() {
        for index in 0..<limits.maxSubscribers {
            let subscriberSlot = sender.receiverSlot(index)
            let subscriberPort = subscriberSlot.port.pointee.load(ordering: .acquiring)
            if sender.receiverPort(index) == subscriberPort { continue }
            if sender.receiverPort(index) != 0 { disconnect(index) }
            if subscriberPort == 0 { continue }
            let bufferSize = Int(subscriberSlot.bufferSize.pointee.load(ordering: .acquiring))
            let block = controlLayout.block(
                index, in: control.base, bufferSize: bufferSize, safeOverflow: limits.enableSafeOverflow)
            block.reset()
            block.subscriberPort.pointee.store(subscriberPort, ordering: .sequentiallyConsistent)
            blocks[index] = block
            sender.connect(index, port: subscriberPort, returns: block.returns)
            deliverHistory(to: index, block: block)
        }
    }

    /// The subscriber in slot `index` left: what it held comes back.
    private func disconnect(_ index: Int) {
        blocks[index]?.subscriberPort.pointee.store(0, ordering: .sequentiallyConsistent)
        sender.disconnect(index)
        blocks[index] = nil
    }

    /// A subscriber that connects late receives the last `historySize` samples, oldest first.
    private func deliverHistory(to index: Int, block: SubscriberBlock) {
        let count = state[0].historyCount
        guard count > 0 else { return }
        let memory = sender.memory
        for offset in 0..<count {
            let ref = history[(state[0].historyStart + offset) % limits.historySize]
            memory.markDelivered(ref, peer: index)
            if limits.enableSafeOverflow {
                if let evicted = block.samples.pushOverflowing(ref) { memory.returned(evicted, peer: index) }
            } else if !block.samples.push(ref) {
                memory.returned(ref, peer: index)
                break
            }
        }
        sender.receiverSlot(index).notify()
    }

    // MARK: Samples

    /// Loans a chunk for `count` elements and writes its header.
    @usableFromInline
    func loan(
        count: Int
    ) throws(LoanError) -> (ref: UInt64, chunk: UnsafeMutableRawPointer, payload: UnsafeMutableRawPointer) {
        updateConnections()
        guard sender.loans < loanLimit else { throw .exceedsMaxLoans(limit: loanLimit) }
        let loaned = try sender.loan(count: count)
        messageIssued()
        return (loaned.ref, loaned.chunk, loaned.chunk + payloadOffset)
    }

    /// Zeroes the payload of a loan of `count` elements.
    @usableFromInline
    func zeroPayload(_ payload: UnsafeMutableRawPointer, count: Int) { sender.zeroPayload(payload, count: count) }

    /// A loan was dropped without being sent.
    /// - Returns: ``messageEnded()``.
    @usableFromInline
    func dropLoan(_ loan: LoanTicket) -> Bool {
        sender.endLoan(loan.ref)
        return messageEnded()
    }

    /// The sequence number the next sample gets.
    @usableFromInline
    var nextSequenceNumber: UInt64 { state[0].nextSequence }

    /// Delivers a loaned sample to every connected subscriber and keeps it in the history.
    /// - Returns: The number of subscribers that received it.
    @usableFromInline
    func send(_ ref: UInt64, chunk: UnsafeMutableRawPointer) -> Int {
        updateConnections()
        let sequence = state[0].nextSequence
        state[0].nextSequence = sequence &+ 1
        chunk.storeBytes(of: sequence, toByteOffset: ChunkHeader.requestIdOffset, as: UInt64.self)
        sender.prepare(chunk)
        let count = sender.connectedCount
        // One chunk cannot name positions in several queues: only a sample for one subscriber is announced in it.
        let announces = count == 1
        var reached = 0
        for position in 0..<count {
            let index = sender.connectedReceiver(position)
            guard let block = blocks[index] else { continue }
            let tag = announces ? ChunkPublication.sampleTag(subscriber: index) : 0
            if sender.deliver(
                ref, chunk: chunk, into: block.samples, receiver: index, acknowledgement: 0, tag: tag,
                overflowing: limits.enableSafeOverflow)
            {
                reached += 1
            }
        }
        keepInHistory(ref)
        sender.endLoan(ref)
        sender.reclaimIfNeeded()
        return reached
    }

    private func keepInHistory(_ ref: UInt64) {
        let size = limits.historySize
        guard size > 0 else { return }
        let memory = sender.memory
        memory.markDelivered(ref, peer: historyPeer)
        if state[0].historyCount == size {
            memory.returned(history[state[0].historyStart], peer: historyPeer)
            history[state[0].historyStart] = ref
            state[0].historyStart = (state[0].historyStart + 1) % size
        } else {
            history[(state[0].historyStart + state[0].historyCount) % size] = ref
            state[0].historyCount += 1
        }
    }

    /// The number of subscribers connected now.
    var numberOfConnectedSubscribers: Int {
        updateConnections()
        return sender.connectedCount
    }
}
