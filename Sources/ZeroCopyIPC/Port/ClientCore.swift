import Glibc
import IPCConcepts
import IPCPlatform
import Synchronization

/// The process-local state of a client port; ``Client`` and the messages it hands out share it.
///
/// Everything the steady state touches is preallocated: loans, sends and receives read atomics and queues in
/// shared memory and update arrays in place. Connection changes (a server came or went) are noticed through the
/// service's change counter, one atomic load per operation; only then are segments mapped.
@usableFromInline
final class ClientCore: MessageIssuer {
    struct ActiveSlot {
        var requestId: UInt64 = 0
        var inUse = false
        var delivered: UInt64 = 0
        var borrowed = 0
        /// Bit `i`: the queue of server `i` for this slot may still hold responses to the slot's earlier request.
        var stale: UInt64 = 0
    }

    struct State {
        var nextRequestId: UInt64 = 1
        var connectionChecks = 0
        /// The active-request slot freed last.
        var freedSlot = 0
    }

    /// A response taken from a server's queue: where it came from and where it is.
    @usableFromInline
    struct Received: BitwiseCopyable {
        @usableFromInline var server: Int
        @usableFromInline var serverPort: UInt64
        @usableFromInline var ref: UInt64
        @usableFromInline var chunk: UnsafeMutableRawPointer
        @usableFromInline var payload: UnsafeMutableRawPointer
        @usableFromInline var count: Int
    }

    let service: RequestResponseHandle
    @usableFromInline let port: UInt64
    let slotIndex: Int
    let limits: RequestResponseDefaults
    /// `limits.maxServers`, stored: the hot path multiplies by it.
    let maxServers: Int
    let control: SharedMemoryMapping
    let view: ClientControl
    /// The sending half: request data segments, loans, delivery to the servers, returns.
    let sender: SenderCore
    @usableFromInline let requestLayout: MessageLayout
    /// The active requests this client may have (the builder's value, at most the service's).
    let activeLimit: Int
    @usableFromInline let responseLayout: MessageLayout
    @usableFromInline let payloadOffset: Int
    @usableFromInline let responsePayloadOffset: Int
    /// What the client knows of each server as a receiver of its responses: port id, data segments, departure.
    let receiver: ReceiverCore
    /// Per server slot: the connection block.
    let blocks: FixedBuffer<ConnectionBlock>
    /// The shape of every connection block (the blocks point to it).
    let shape: FixedBuffer<ConnectionShape>
    let active: FixedBuffer<ActiveSlot>
    let deliveredTo: FixedBuffer<UInt64>
    let state = FixedBuffer(repeating: State(), count: 1)
    @usableFromInline let lifetime = FixedBuffer(repeating: PortLifetime(), count: 1)
    let watch: FixedBuffer<ConnectionWatch>

    init(
        service: RequestResponseHandle, initialMaxSliceLen: Int, strategy: AllocationStrategy,
        unableToDeliver: UnableToDeliverStrategy = .discardData, maxActiveRequests: Int? = nil
    ) throws(PortCreateError) {
        self.service = service
        activeLimit = min(
            maxActiveRequests ?? service.config.limits.maxActiveRequestsPerClient,
            service.config.limits.maxActiveRequestsPerClient)
        limits = service.config.limits
        maxServers = service.config.limits.maxServers
        watch = FixedBuffer(repeating: ConnectionWatch(service.segment), count: 1)
        let serviceName = service.name.value
        let id = UniqueID.make()
        port = id
        let stem = service.node.names.portStem(service: service.hash, node: service.node.id, port: id)
        let layout = ClientControlLayout(limits: limits)
        do {
            control = try SharedMemoryMapping.create(name: stem + "_c", size: layout.totalSize)
        } catch {
            throw .internalFailure(service: serviceName, reason: "creating the control segment: \(error)")
        }
        SegmentHeader(kind: .portControl, size: layout.totalSize).write(to: control.base)
        let controlView = ClientControl(base: control.base, layout: layout)
        view = controlView
        let config = service.config
        requestLayout = MessageLayout(payload: config.request, userHeader: config.requestHeader)
        responseLayout = MessageLayout(payload: config.response, userHeader: config.responseHeader)
        payloadOffset = requestLayout.payloadOffset
        responsePayloadOffset = responseLayout.payloadOffset
        let capacity = config.request.variant == .slice ? initialMaxSliceLen : 1
        let memory: SenderSegments
        do {
            memory = try SenderSegments(
                stem: stem, origin: id, message: requestLayout, initialCapacity: capacity,
                chunkCount: layout.requestChunks, peers: limits.maxServers,
                strategy: config.request.variant == .slice ? strategy : .static)
        } catch {
            SharedMemoryMapping.unlink(name: stem + "_c")
            throw .internalFailure(service: serviceName, reason: "\(error)")
        }
        sender = SenderCore(
            memory: memory, receivers: limits.maxServers, wakeSlot: service.segment.serverSlot,
            returnCapacity: layout.requestChunks, unableToDeliver: unableToDeliver, names: service.node.names)
        receiver = ReceiverCore(port: id, peers: limits.maxServers, layout: responseLayout)
        active = FixedBuffer(repeating: ActiveSlot(), count: limits.maxActiveRequestsPerClient)
        deliveredTo = FixedBuffer(repeating: 0, count: limits.maxActiveRequestsPerClient * limits.maxServers)
        shape = FixedBuffer(repeating: ConnectionShape(layout: layout), count: 1)
        blocks = FixedBuffer(repeating: controlView.block(0, shape: shape.base), count: limits.maxServers)
        for index in 0..<limits.maxServers { blocks[index] = controlView.block(index, shape: shape.base) }
        // Register last: the segments exist before any peer can find this port.
        let segment = service.segment
        let claimed = segment.claimPortSlot(count: limits.maxClients, node: service.node.id, segment.clientSlot)
        // Every stored property is set from here on, so if this throws, `deinit` runs and frees everything.
        slotIndex = claimed ?? -1
        guard let claimed else { throw .exceedsMaxSupportedClients(service: serviceName, limit: limits.maxClients) }
        segment.clientSlot(claimed).port.pointee.store(id, ordering: .sequentiallyConsistent)
        segment.announceChange()
        // Connect to the ports already there, as iceoryx2's ports do: what they send from now on is not missed
        // even if this port first looks after they left.
        refresh()
    }

    deinit {
        // Requests the servers still hold stay readable: their segments are handed over before this port
        // unregisters (see `SegmentHandover` for the order).
        let (segment, slotIndex, port) = (service.segment, slotIndex, port)
        sender.leave(
            unregister: { if slotIndex >= 0 { segment.unregister(segment.clientSlot(slotIndex), port: port) } },
            isRegistered: segment.isRegistered(port:))
        receiver.forgetAll(service: service.segmentName, names: service.node.names)
        SharedMemoryMapping.unlink(name: control.name)
        blocks.deallocate()
        shape.deallocate()
        active.deallocate()
        deliveredTo.deallocate()
        state.deallocate()
        watch.deallocate()
        lifetime.deallocate()
    }

    var slot: PortSlot { service.segment.clientSlot(slotIndex) }
    var loans: Int { sender.loans }
    /// The request data segments.
    var memory: SenderSegments { sender.memory }

    // MARK: Connections

    /// Notices servers that came or went since the last call (one atomic load when nothing changed).
    @inline(__always)
    func refresh() {
        if watch[0].changed() { reconnect() }
    }

    func reconnect() {
        for index in 0..<limits.maxServers {
            let (serverPort, serverNode) = service.segment.serverSlot(index).registration
            if receiver.peerPort(index) == serverPort { continue }
            if serverPort == 0 {
                if receiver.peerPort(index) != 0 { depart(server: index) }
                continue
            }
            if receiver.peerPort(index) != 0 { disconnect(server: index) }
            blocks[index].reset()
            blocks[index].serverPort.pointee.store(serverPort, ordering: .sequentiallyConsistent)
            let stem = service.node.names.portStem(service: service.hash, node: serverNode, port: serverPort)
            receiver.connect(index, port: serverPort, stem: stem)
            sender.connect(index, port: serverPort, returns: blocks[index].requestReturns)
        }
    }

    /// The server in slot `index` left: it gets no more requests and gives back nothing more, but the responses it
    /// sent stay in this client's queues and its segments stay mapped, so they can still be received.
    func depart(server index: Int) {
        guard !receiver.hasDeparted(index) else { return }
        blocks[index].serverPort.pointee.store(0, ordering: .sequentiallyConsistent)
        sender.disconnect(index)
        receiver.depart(index)  // until another server takes the slot
    }

    func disconnect(server index: Int) {
        blocks[index].serverPort.pointee.store(0, ordering: .sequentiallyConsistent)
        sender.disconnect(index)
        receiver.forget(index)
    }

    /// Takes back request chunks that servers returned.
    func drainReturns() { sender.drainReturns() }

    // MARK: Requests

    /// Loans a request chunk for `count` elements and writes its header.
    @usableFromInline
    func loan(
        count: Int
    ) throws(LoanError) -> (ref: UInt64, chunk: UnsafeMutableRawPointer, payload: UnsafeMutableRawPointer) {
        refresh()
        guard sender.loans < limits.maxLoanedRequests else {
            throw .exceedsMaxLoans(limit: limits.maxLoanedRequests)
        }
        let (ref, chunk) = try sender.loan(count: count)
        messageIssued()
        return (ref, chunk, chunk + payloadOffset)
    }

    /// Zeroes the payload of a loan of `count` elements.
    @usableFromInline
    func zeroPayload(_ payload: UnsafeMutableRawPointer, count: Int) {
        sender.zeroPayload(payload, count: count)
    }

    /// A loan was dropped without being sent.
    /// - Returns: ``messageEnded()``.
    @usableFromInline
    func dropLoan(_ loan: LoanTicket) -> Bool {
        sender.endLoan(loan.ref)
        return messageEnded()
    }

    /// Delivers a loaned request to every connected server.
    /// - Returns: The active-request slot and the request id.
    @usableFromInline
    func send(_ ref: UInt64, chunk: UnsafeMutableRawPointer) throws(SendError) -> (slot: Int, requestId: UInt64) {
        refresh()
        guard let slot = freeActiveSlot() else {
            sender.endLoan(ref)
            throw .exceedsMaxActiveRequests(limit: activeLimit)
        }
        let requestId = state[0].nextRequestId
        state[0].nextRequestId = requestId &+ 1
        chunk.storeBytes(of: requestId, toByteOffset: ChunkHeader.requestIdOffset, as: UInt64.self)
        chunk.storeBytes(
            of: UInt32(truncatingIfNeeded: slot), toByteOffset: ChunkHeader.activeSlotOffset, as: UInt32.self)
        // No reset of the slot's hint or response queue: both are matched against the request id, so leftovers of
        // an earlier request are ignored (and returned) without touching the server's cache lines here. Nothing
        // marks the request as live either: ids grow, so it is live until `freeSlot` cancels up to its id.
        sender.prepare(chunk)
        var delivered: UInt64 = 0
        var refused = false
        let count = sender.connectedCount
        // One chunk cannot name positions in several queues: only a request for one server is announced in it.
        let announces = count == 1
        for position in 0..<count {
            let index = sender.connectedReceiver(position)
            // Tells the server how far this client read the slot's responses (see `IndexQueue`).
            let acknowledgement = blocks[index].responses(slot).acknowledgement
            let tag = announces ? ChunkPublication.requestTag(server: index) : 0
            guard
                sender.deliver(
                    ref, chunk: chunk, into: blocks[index].requests, receiver: index,
                    acknowledgement: acknowledgement, tag: tag, overflowing: limits.enableSafeOverflowForRequests)
            else {
                refused = true
                continue
            }
            delivered |= 1 &<< UInt64(index)
            deliveredTo[slot &* maxServers &+ index] = receiver.peerPort(index)
        }
        // The servers that took the chunk hold it now; the loan's own reference ends.
        sender.endLoan(ref)
        // Returned chunks are taken here, after the request is on its way, not in `loan`: reading the return queues
        // moves lines the servers wrote, which is waiting time the request need not include.
        sender.reclaimIfNeeded()
        let stale = active[slot].stale
        if stale != 0 {
            active[slot].stale = 0
            discardStaleResponses(slot: slot, servers: stale, keeping: requestId)
        }
        if delivered == 0 && refused { throw .receiverBufferFull }
        active[slot] = ActiveSlot(requestId: requestId, inUse: true, delivered: delivered, borrowed: 0)
        return (slot, requestId)
    }

    /// A free active-request slot: the one freed last if it is still free (a client that sends one request at a
    /// time reuses it), else the first free one.
    @inline(__always)
    func freeActiveSlot() -> Int? {
        let hint = state[0].freedSlot
        if hint < activeLimit && !active[hint].inUse { return hint }
        // A plain loop: `firstIndex(where:)` is not specialised in debug builds and allocates a coroutine frame.
        for index in 0..<activeLimit where !active[index].inUse { return index }
        return nil
    }

    /// Gives back the responses to earlier requests that wait at the front of `slot`'s queues of `servers`, up to
    /// the first response to `requestId` (later stale ones are given back when `receive` meets them).
    func discardStaleResponses(slot: Int, servers: UInt64, keeping requestId: UInt64) {
        var mask = servers
        while mask != 0 {
            let index = mask.trailingZeroBitCount
            mask &= mask &- 1
            guard sender.receiverPort(index) != 0 else { continue }
            let block = blocks[index]
            let queue = block.responses(slot)
            while let (position, ref) = queue.peek() {
                if let resolved = receiver.resolve(ref, peer: index),
                    resolved.chunk.load(fromByteOffset: ChunkHeader.requestIdOffset, as: UInt64.self) == requestId
                {
                    break
                }
                if queue.claim(position) { _ = block.responseReturns.push(ref) }
            }
        }
    }

    // MARK: Waiting

    /// Blocks until `ready()` holds or `timeout` passes: a short spin, then the port's futex, woken by senders only
    /// when the waiting flag is set. Every 100 ms it cleans up dead nodes, so a crashed server ends the wait.
    @usableFromInline
    func wait(timeout: Duration, until ready: () -> Bool) -> Bool {
        blockingWait(slot: slot, names: service.node.names, timeout: timeout, until: ready)
    }
}
